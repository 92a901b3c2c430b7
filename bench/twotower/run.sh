#!/usr/bin/env bash
# Two-Tower training speed, Go (train/twotower) against PyTorch 1.13 (Debian python3-torch), in one run.
#
# The same model and step on both sides (issue 3's configuration): 6,040 users x 3,706 items, ID
# embeddings of dim 64, towers 64 -> 128 (ReLU) -> 64, L2-normalised, batch 1024, in-batch softmax
# (tau 0.05), Adam lr 1e-3. Go: BenchmarkTrainStep in train/twotower (the trainer's own step, lazy
# row-sparse Adam for the tables). PyTorch: train/nn/testdata/twotower_step.py, once with dense Adam
# ("pytorch", the stock recipe) and once with --sparse ("pt-sparse": sparse embedding gradients and
# SparseAdam for the tables, the lazy update Go does).
# Runs are interleaved (Go 1, PyTorch 1, Go 2, PyTorch 2) ROUNDS times; every line reports wall-clock
# examples/s and examples per CPU-second (user+system time of the process), the steadier figure on a
# shared machine.
#
#   bench/twotower/run.sh                  # Debian's PyTorch as installed (reference BLAS, libblas3)
#   OPENBLAS=/path/to/openblas-openmp bench/twotower/run.sh
#       # also PyTorch on OpenBLAS: the directory holding libblas.so.3 from Debian's
#       # libopenblas0-openmp (apt-get download libopenblas0-openmp && dpkg-deb -x *.deb root), with
#       # OMP_WAIT_POLICY=passive (spinning OpenMP threads collapse on a shared machine)
#
# Environment: ROUNDS (default 1), STEPS (Go and PyTorch timed steps, default 60), PYTHON (/usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/../.."
GO=${GO:-go}
PYTHON=${PYTHON:-/usr/bin/python3}
ROUNDS=${ROUNDS:-1}
STEPS=${STEPS:-60}
OPENBLAS=${OPENBLAS:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

$GO test -c -o "$tmp/twotower.test" ./train/twotower/
"$PYTHON" -c 'import torch' 2>/dev/null || { echo "run.sh: $PYTHON cannot import torch (apt-get install python3-torch)"; exit 1; }

go_run() { # threads
  "$tmp/twotower.test" -test.run '^$' -test.bench "TrainStep/threads=$1\$" -test.benchtime "${STEPS}x" |
    awk -v t="$1" '/examples\/s/ { for (i = 1; i < NF; i++) { if ($(i+1) == "examples/s") w = $i; if ($(i+1) == "examples/cpu-s") c = $i }
      printf "go       threads=%d wall=%.0f examples/s cpu=%.0f examples/cpu-s\n", t, w, c }'
}

torch_run() { # threads label script-flags [env...]
  local t=$1 label=$2 flags=$3; shift 3
  # shellcheck disable=SC2086
  env "$@" "$PYTHON" train/nn/testdata/twotower_step.py --threads "$t" --steps "$STEPS" --warmup 5 $flags |
    sed -E 's/.*wall=([0-9]+) examples\/s cpu=([0-9]+) examples\/cpu-s.*/\1 \2/' |
    awk -v t="$t" -v l="$label" '{ printf "%-8s threads=%d wall=%.0f examples/s cpu=%.0f examples/cpu-s\n", l, t, $1, $2 }'
}

for r in $(seq "$ROUNDS"); do
  for t in 1 2; do
    go_run "$t"
    torch_run "$t" pytorch ""
    torch_run "$t" pt-sparse --sparse
    if [ -n "$OPENBLAS" ]; then
      torch_run "$t" openblas "" LD_LIBRARY_PATH="$OPENBLAS" OMP_WAIT_POLICY=passive
    fi
  done
done | tee "$tmp/lines"

echo
echo "Go / PyTorch (medians over rounds):"
awk '{ split($2, a, "="); split($3, w, "="); split($5, c, "=");
       key = $1 " " a[2]; wall[key] = wall[key] " " w[2]; cpu[key] = cpu[key] " " c[2]; seen[$1] = 1 }
     function median(s,   n, v, i, j, x) { n = split(s, v, " "); for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j+1] = v[j]; v[j+1] = x }
       return n % 2 ? v[(n+1)/2] : (v[n/2] + v[n/2+1]) / 2 }
     END { for (t = 1; t <= 2; t++) for (p in seen) if (p != "go" && (p " " t) in wall)
       printf "  threads=%d vs %-8s wall %.2fx  per CPU-second %.2fx\n", t, p,
         median(wall["go " t]) / median(wall[p " " t]), median(cpu["go " t]) / median(cpu[p " " t]) }' "$tmp/lines"
