#!/bin/sh
# Training-step speed of SASRec in Go (train/seq BenchmarkStep) and PyTorch 1.13 (sasrec_step.py), the same
# configuration (batch 128, length 200, dim 64, 2 blocks, 1 head, full-catalog cross-entropy over 3,706
# items), the same threads, interleaved in one run. PyTorch runs twice: with Debian's default BLAS
# (libblas3, as installed) and with OpenBLAS swapped in through LD_LIBRARY_PATH, fetched without installing:
#   mkdir -p /tmp/seq-openblas && cd /tmp/seq-openblas && apt-get download libopenblas0-openmp &&
#   dpkg-deb -x libopenblas0-openmp_*.deb root
# THREADS="1 2" picks the thread counts; LIBBLAS3=0 skips the slow default-BLAS run.
# Usage: bench/seq/compare.sh [rounds]   (from the repository root)
set -eu
ROUNDS=${1:-2}
OPENBLAS=${OPENBLAS:-/tmp/seq-openblas/root/usr/lib/x86_64-linux-gnu/openblas-openmp}
go test -c -o /tmp/seq-bench.test ./train/seq/
echo "# $(date -u +%FT%TZ) $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
for round in $(seq "$ROUNDS"); do
  for threads in ${THREADS:-1 2}; do
    echo "## round $round, threads $threads"
    GOMAXPROCS=$threads /tmp/seq-bench.test -test.run XXX \
      -test.bench "Step/model=sasrec/batch=128/len=200/dim=64/workers=$threads\$" -test.benchtime 5x | grep Benchmark
    if [ -d "$OPENBLAS" ]; then
      OMP_WAIT_POLICY=passive LD_LIBRARY_PATH=$OPENBLAS /usr/bin/python3 bench/seq/sasrec_step.py \
        --threads "$threads" --steps 5 --warmup 2 | sed 's/^/openblas: /'
    fi
    if [ "${LIBBLAS3:-1}" != 0 ]; then
      /usr/bin/python3 bench/seq/sasrec_step.py --threads "$threads" --steps 2 --warmup 1 | sed 's/^/libblas3: /'
    fi
  done
done
