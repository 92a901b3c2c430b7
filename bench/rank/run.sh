#!/usr/bin/env bash
# The ranking benchmark (issue 5, "Must show"): MovieLens 100K click task, Go (train/nn) vs
# PyTorch 1.13 (Debian python3-torch) vs onnxruntime-node, in one run.
#
#   bench/rank/run.sh                      # DATA=../shared/data/ml-100k OUT=$(mktemp -d)
#   ROUNDS=3 bench/rank/run.sh             # more timing rounds
#   OPENBLAS=1 bench/rank/run.sh           # PyTorch on OpenBLAS too (apt-get download, no install): it
#                                          # trains on it and is timed on both BLAS libraries
#   SEEDS=3 bench/rank/run.sh              # train every model with 3 seeds on both sides
#   BROWSER=1 bench/rank/run.sh            # then the same bundles in headless Chromium: our wasm ranker
#                                          # vs onnxruntime-web, 500 candidates (examples/browser/rank-bench.mjs)
#
# 1. Go writes the split and trains LR, DeepFM and DCN-v2; PyTorch trains the same models on the
#    same split (metrics: test AUC and logloss).
# 2. PyTorch loads Go's trained weights, checks its logits against Go's and exports ONNX.
# 3. Timing rounds, one after another: the Go runtime's forward (default GEMM and train/nn's),
#    PyTorch's and onnxruntime-node's, 1,000 candidates, one thread.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${DATA:-../shared/data/ml-100k}
OUT=${OUT:-$(mktemp -d /tmp/rankbench.XXXXXX)}
ROUNDS=${ROUNDS:-2}
PY=/usr/bin/python3
echo "machine: $(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "go: $(go version | cut -d' ' -f3), torch: $($PY -c 'import torch; print(torch.__version__)' 2>/dev/null), node: $(node --version), out: $OUT"
SEEDS=${SEEDS:-1}
blas_env=()
if [[ "${OPENBLAS:-0}" == 1 ]]; then
	ob="$OUT/openblas"
	mkdir -p "$ob" && (cd "$ob" && apt-get download libopenblas0-openmp >/dev/null && dpkg-deb -x libopenblas0-openmp_*.deb root)
	blas_env=(env LD_LIBRARY_PATH="$ob/root/usr/lib/x86_64-linux-gnu/openblas-openmp" OMP_NUM_THREADS=1 OMP_WAIT_POLICY=passive)
fi
go build -o "$OUT/rankbench" ./bench/rank
"$OUT/rankbench" --data "$DATA" --out "$OUT" --seeds "$SEEDS"
"${blas_env[@]}" $PY bench/rank/train_torch.py "$OUT" --seeds "$SEEDS" 2> >(grep -v -i warn >&2)
(cd bench/rank/node && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

for round in $(seq "$ROUNDS"); do
	echo "--- timing round $round (load $(cut -d' ' -f1-3 /proc/loadavg))"
	"$OUT/rankbench" --data "$DATA" --out "$OUT" --time-only
	echo -n "(Debian libblas3) " && $PY bench/rank/train_torch.py "$OUT" --speed-only 2> >(grep -v -i warn >&2)
	if [[ ${#blas_env[@]} -gt 0 ]]; then
		echo -n "(OpenBLAS) " && "${blas_env[@]}" $PY bench/rank/train_torch.py "$OUT" --speed-only 2> >(grep -v -i warn >&2)
	fi
	for m in dcn deepfm; do node bench/rank/node/forward.mjs "$OUT/weights/$m"; done
done
if [[ "${BROWSER:-0}" == 1 ]]; then
	(cd examples/browser && { [ -d node_modules/onnxruntime-web ] || npm ci --no-audit --no-fund --loglevel=error; } && node rank-bench.mjs "$OUT" 500 200 2)
fi
