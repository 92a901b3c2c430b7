#!/bin/sh
# Serving latency of a sequential bundle (runtime BenchmarkSeqServing): recommending from a 200-item history
# on ML-1M's catalog (3,706 items, dim 64, 2 blocks, 1 head) — the full forward pass and a Session's
# incremental update, each alone ("encode") and with the top-10 catalog scan ("recommend") — natively and
# compiled to js/wasm under node. Reports p50/p99 wall latency and (natively) CPU-µs per request.
# Usage: bench/seq/serving.sh [runs]   (from the repository root)
set -eu
RUNS=${1:-1}
EXEC=$(go env GOROOT)/lib/wasm/go_js_wasm_exec
[ -n "${NOBUILD:-}" ] || go test -c -o /tmp/seq-serving.test ./runtime/
[ -n "${NOBUILD:-}" ] || GOOS=js GOARCH=wasm go test -c -o /tmp/seq-serving.wasm ./runtime/
echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg); node $(node --version)"
for run in $(seq "$RUNS"); do
  echo "## run $run, native (GOMAXPROCS=1)"
  GOMAXPROCS=1 /tmp/seq-serving.test -test.run XXX -test.bench 'SeqServing/kind=sasrec/history=200/items=3706/dim=64/path=full/' -test.benchtime 300x | grep Benchmark
  GOMAXPROCS=1 /tmp/seq-serving.test -test.run XXX -test.bench 'SeqServing/kind=sasrec/history=200/items=3706/dim=64/path=incremental/' -test.benchtime 3000x | grep Benchmark
  echo "## run $run, js/wasm under node"
  "$EXEC" /tmp/seq-serving.wasm -test.run XXX -test.bench 'SeqServing/kind=sasrec/history=200/items=3706/dim=64/path=full/' -test.benchtime 100x | grep Benchmark
  "$EXEC" /tmp/seq-serving.wasm -test.run XXX -test.bench 'SeqServing/kind=sasrec/history=200/items=3706/dim=64/path=incremental/' -test.benchtime 1000x | grep Benchmark
done
