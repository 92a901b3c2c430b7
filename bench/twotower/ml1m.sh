#!/usr/bin/env bash
# MovieLens 1M, leave-one-out by time (each user's last item is the test, the one before it validation
# for early stopping), full ranking with the user's earlier items masked: Two-Tower and MF-BPR, each
# through `pack train` -> `pack recommend --exclude-seen` -> `pack eval --recs`, which also scores the
# popularity baseline (training counts).
#
# Usage: bench/twotower/ml1m.sh [DATA_DIR] [OUT_DIR]   (defaults ../shared/data/ml-1m, out/ml1m)
# MODELS picks the models (default "twotower mf"); TT_HP and MF_HP replace their hyper-parameters below;
# QUIET= shows progress bars. The hyper-parameters are the ones chosen on Gowalla's validation (not re-tuned
# here); validation NDCG@10 picks the epoch.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-../shared/data/ml-1m}/sequences.txt
OUT=${2:-out/ml1m}
if [ ! -f "$DATA" ]; then echo "ml1m.sh: $DATA not found: skipped"; exit 0; fi
mkdir -p "$OUT"
go build -o "$OUT/pack" ./cmd/pack
P="$OUT/pack"
D="--data $DATA --format sequences"
TT_HP=${TT_HP:---identity --lr 0.02 --temperature 0.1 --logq 1 --epochs 20 --patience 3 --workers 2}
MF_HP=${MF_HP:---lr 0.1 --reg 0.02 --negatives 20 --epochs 40 --patience 3 --eval-every 2 --workers 2}
for m in ${MODELS:-twotower mf}; do
  case $m in
  twotower) args="--model twotower $TT_HP --curve $OUT/twotower-curve.png" ;;
  mf) args="--model mf $MF_HP" ;;
  *) echo "ml1m.sh: unknown model $m"; exit 1 ;;
  esac
  echo "== pack train $args"
  # shellcheck disable=SC2086
  $P train $D $args --out "$OUT/$m.crec" ${QUIET---quiet} >/dev/null
  $P recommend --bundle "$OUT/$m.crec" --users all --k 20 --exclude-seen --out "$OUT/recs-$m.tsv" --quiet
  echo "== pack eval --recs recs-$m.tsv"
  $P eval $D --recs "$OUT/recs-$m.tsv" 2>/dev/null
done
