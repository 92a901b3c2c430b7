#!/usr/bin/env bash
# LightGCN training speed on Gowalla, Go (train/lightgcn) against PyTorch 1.13 (Debian python3-torch), in
# one run, with the same thread count (1, then 2): the paper's configuration on both sides (dim 64, LAYERS layers,
# batch 2048, BPR + reg 1e-4 on the batch's layer-0 rows, Adam lr 1e-3; the same normalised adjacency).
# Each side prints, per epoch, the CPU seconds of its process (user+system, all threads) and the wall time.
#
# Go: bench/lightgcn/epochs, EPOCHS full epochs (each a fresh one-epoch Train run, setup included, <1 s).
# PyTorch: bench/lightgcn/lightgcn_torch.py, EPOCHS epochs; with TORCH_STEPS=S (S > 0) each of its epochs
# stops after S steps and its per-epoch figures are scaled to the full 396 steps (PyTorch takes seconds per
# step here, so a whole epoch costs tens of CPU-minutes).
#
#   bench/lightgcn/speed.sh [DATA_DIR]     # EPOCHS (default 2), TORCH_STEPS (default 0: whole epochs),
#                                          # THREADS (default "1 2"), LAYERS (default 3: the PyTorch code's
#                                          # example; 4 is the TensorFlow code's Gowalla command),
#                                          # PYTHON (default /usr/bin/python3)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-../shared/data/gowalla}
EPOCHS=${EPOCHS:-2}
TORCH_STEPS=${TORCH_STEPS:-0}
LAYERS=${LAYERS:-3}
PYTHON=${PYTHON:-/usr/bin/python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/epochs" ./bench/lightgcn/epochs
uptime
for t in ${THREADS:-1 2}; do
  "$tmp/epochs" --data "$DATA/train.txt" --epochs "$EPOCHS" --threads "$t" --layers "$LAYERS" | tee -a "$tmp/log"
  "$PYTHON" bench/lightgcn/lightgcn_torch.py --data "$DATA/train.txt" --epochs "$EPOCHS" --threads "$t" \
    --layers "$LAYERS" --max-steps "$TORCH_STEPS" | tee -a "$tmp/log"
  uptime
done
echo "== mean per epoch (CPU seconds; wall seconds)"
awk '/cpu_s_per_epoch=/ { who = $1; th = $2
    for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "cpu_s_per_epoch") c = kv[2]; if (kv[1] == "wall_s_per_epoch") w = kv[2] }
    key = who " " th; cpu[key] += c; wall[key] += w; n[key]++ }
  END { for (k in n) { split(k, p, " "); printf "%-8s %s cpu_s/epoch=%.1f wall_s/epoch=%.1f\n", p[1], p[2], cpu[k]/n[k], wall[k]/n[k]; m[k] = cpu[k]/n[k] }
    for (t = 1; t <= 8; t++) { g = "go threads=" t; q = "pytorch threads=" t
      if ((g in m) && (q in m)) printf "threads=%d: PyTorch CPU-s per epoch / Go CPU-s per epoch = %.1f\n", t, m[q]/m[g] } }' "$tmp/log"
