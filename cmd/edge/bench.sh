#!/usr/bin/env bash
# Load benchmark of edge (BENCHMARKS.md, "edge: HTTP serving"). For each bundle (the demo's 1,000 items; 100,000
# random f32 items) and each concurrency (1, 4, 16, 64): wrk against the edge binary on 127.0.0.1, then, right
# after, the same requests straight into Engine.Recommend from as many goroutines (server.BenchmarkLoad,
# impl=engine, on the same bundle bytes). ROUNDS rounds; the summary gives medians and the ratio
# wrk / in-process throughput. On a shared machine wall-clock throughput follows the CPU share each process
# gets, so the script also measures CPU time per request: edge's (from /proc, the server alone, wrk excluded)
# and the in-process benchmark's; their ratio is the HTTP overhead that survives contention. GET /healthz
# through the same server gives the floor of HTTP cost.
# Needs wrk (Debian: apt-get install -y wrk) and Linux (/proc).
# Usage: cmd/edge/bench.sh [seconds per measurement, default 5] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/../.."
GO=${GO:-go}
secs=${1:-5}
rounds=${2:-3}
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
$GO build -o "$tmp/edge" ./cmd/edge
$GO test -c -o "$tmp/server.test" ./server/
$GO run ./cmd/pack demo --users 0 --out "$tmp/demo-1000.crec" >/dev/null 2>&1
EDGE_WRITE_BUNDLE="$tmp/f32-100000.crec" "$tmp/server.test" -test.run '^TestWriteLoadBundle$' >/dev/null
port=18181
tck=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for r in $(seq "$rounds"); do
  for b in demo-1000 f32-100000; do
    "$tmp/edge" --bundle "$tmp/$b.crec" --addr 127.0.0.1:$port --log-level warn --max-inflight 4096 \
      --request-timeout 1m --poll 0 &
    pid=$!
    until curl -sf localhost:$port/readyz >/dev/null; do sleep 0.2; done
    for c in 1 4 16 64; do
      if [ "$b" = demo-1000 ]; then # the floor: GET /healthz through the same server
        t0=$(cpu_ticks "$pid")
        w=$(wrk -t $(( c < 2 ? 1 : 2 )) -c "$c" -d "${secs}s" -s cmd/edge/healthz.lua "http://127.0.0.1:$port/healthz" | grep RESULT)
        t1=$(cpu_ticks "$pid")
        n=$(echo "$w" | sed -E 's/.*requests=([0-9]+).*/\1/')
        echo "round=$r bundle=healthz conc=$c impl=wrk ${w#RESULT } cpu_us=$(( (t1 - t0) * 1000000 / tck / (n > 0 ? n : 1) ))"
      fi
      t0=$(cpu_ticks "$pid")
      w=$(wrk -t $(( c < 2 ? 1 : 2 )) -c "$c" -d "${secs}s" -s cmd/edge/recommend.lua "http://127.0.0.1:$port" | grep RESULT)
      t1=$(cpu_ticks "$pid")
      n=$(echo "$w" | sed -E 's/.*requests=([0-9]+).*/\1/')
      echo "round=$r bundle=$b conc=$c impl=wrk ${w#RESULT } cpu_us=$(( (t1 - t0) * 1000000 / tck / (n > 0 ? n : 1) ))"
      e=$(cd server && EDGE_BENCH_DIR="$tmp" "$tmp/server.test" -test.run '^$' -test.benchtime "${secs}s" \
        -test.bench "BenchmarkLoad/bundle=$b/conc=$c/impl=engine\$" | grep Benchmark)
      echo "round=$r bundle=$b conc=$c impl=engine $(echo "$e" | awk '{for(i=1;i<NF;i++) if($(i+1)=="req/s") rs=$i; else if($(i+1)=="p50-µs") p50=$i; else if($(i+1)=="p99-µs") p99=$i; else if($(i+1)=="p999-µs") p999=$i; else if($(i+1)=="cpu-µs/req") cpu=$i; printf "req/s=%.0f p50_us=%d p99_us=%d p999_us=%d cpu_us=%.1f", rs, p50, p99, p999, cpu}')"
    done
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  done
done | tee "$tmp/raw.txt"
echo
echo "medians over $rounds rounds (req/s; latencies in µs):"
awk '{
  for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
  key = f["bundle"] " " f["conc"]; im = f["impl"]
  n[key, im]++; rs[key, im, n[key, im]] = f["req/s"]; p50[key, im, n[key, im]] = f["p50_us"]
  p99[key, im, n[key, im]] = f["p99_us"]; p999[key, im, n[key, im]] = f["p999_us"]; keys[key] = 1
  cpu[key, im, n[key, im]] = f["cpu_us"]
}
function med(a, key, im,   m, i, j, t, v) {
  m = n[key, im]; for (i = 1; i <= m; i++) v[i] = a[key, im, i] + 0
  for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
  return v[int((m + 1) / 2)]
}
END {
  print "| bundle | conc | HTTP (wrk) req/s | p50 | p99 | p999 | in-process req/s | p50 | p99 | p999 | throughput HTTP / in-process | CPU µs/req edge | CPU µs/req in-process | in-process / edge CPU |"
  print "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for (key in keys) order[++k] = key
  for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) {
    split(order[i], a, " "); split(order[j], b, " ")
    if (a[1] > b[1] || (a[1] == b[1] && a[2] + 0 > b[2] + 0)) { t = order[i]; order[i] = order[j]; order[j] = t }
  }
  for (i = 1; i <= k; i++) {
    key = order[i]; split(key, kb, " "); w = med(rs, key, "wrk"); e = med(rs, key, "engine")
    if (kb[1] == "healthz") {
      printf "| GET /healthz (floor) | %s | %.0f | %d | %d | %d | | | | | | %.0f | | |\n", kb[2], w, med(p50, key, "wrk"), \
        med(p99, key, "wrk"), med(p999, key, "wrk"), med(cpu, key, "wrk")
      continue
    }
    cw = med(cpu, key, "wrk"); ce = med(cpu, key, "engine")
    printf "| %s | %s | %.0f | %d | %d | %d | %.0f | %d | %d | %d | %.2f | %.0f | %.1f | %.2f |\n", kb[1], kb[2], w, \
      med(p50, key, "wrk"), med(p99, key, "wrk"), med(p999, key, "wrk"), e, med(p50, key, "engine"), \
      med(p99, key, "engine"), med(p999, key, "engine"), w / e, cw, ce, ce / cw
  }
}' "$tmp/raw.txt"
