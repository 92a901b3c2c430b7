#!/usr/bin/env bash
# Load benchmark of edge (BENCHMARKS.md, "edge: HTTP serving"): wrk against the edge binary on 127.0.0.1 at
# several connection counts, for the demo bundle and a 100K-item bundle; then the Go harness that runs the
# same requests over HTTP, through the handler and straight into the engine from the same number of
# goroutines (server.BenchmarkLoad). Needs wrk (Debian: apt-get install -y wrk).
# Usage: cmd/edge/bench.sh [seconds per wrk run, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
GO=${GO:-go}
secs=${1:-10}
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
$GO build -o "$tmp/edge" ./cmd/edge
$GO run ./cmd/pack demo --users 0 --out "$tmp/demo-1000.crec" >/dev/null 2>&1
EDGE_WRITE_BUNDLE="$tmp/f32-100000.crec" $GO test -count=1 -run '^TestWriteLoadBundle$' ./server/ >/dev/null
port=18181
for b in demo-1000 f32-100000; do
  "$tmp/edge" --bundle "$tmp/$b.crec" --addr 127.0.0.1:$port --log-level warn --max-inflight 4096 --request-timeout 1m --poll 0 &
  pid=$!
  until curl -sf localhost:$port/readyz >/dev/null; do sleep 0.2; done
  for c in 1 4 16 64; do
    printf 'wrk bundle=%s conc=%d: ' "$b" "$c"
    wrk -t $(( c < 2 ? 1 : 2 )) -c "$c" -d "${secs}s" -s cmd/edge/recommend.lua "http://127.0.0.1:$port" | grep RESULT
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
$GO test -run '^$' -bench 'BenchmarkLoad' -benchtime 3s ./server/ | grep -E 'Benchmark|ok'
