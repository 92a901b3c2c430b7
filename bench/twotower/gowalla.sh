#!/usr/bin/env bash
# Gowalla (the LightGCN split), full ranking with every training item masked: Two-Tower and MF-BPR, each
# through `pack train` -> `pack recommend --exclude-seen` -> `pack eval --recs` (the numbers in
# BENCHMARKS.md). Early stopping uses one random training item per user as validation (--holdout random),
# scored on a fixed sample of 10,000 of those users; the test file is only scored.
#
# Usage: bench/twotower/gowalla.sh [DATA_DIR] [OUT_DIR]   (defaults ../shared/data/gowalla, out/gowalla)
# MODELS picks the models (default "twotower mf"); TT_HP and MF_HP replace their hyper-parameters below,
# HP is appended to both; QUIET= shows progress bars.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-../shared/data/gowalla}
OUT=${2:-out/gowalla}
if [ ! -f "$DATA/train.txt" ]; then echo "gowalla.sh: $DATA/train.txt not found: skipped"; exit 0; fi
mkdir -p "$OUT"
go build -o "$OUT/pack" ./cmd/pack
P="$OUT/pack"
SPLIT="--data $DATA/train.txt --format sequences --holdout random --test $DATA/test.txt"
COMMON="--valid-users 10000 --eval-every 5 --patience 3 --workers 2"
TT_HP=${TT_HP:---identity --lr 0.02 --temperature 0.1 --logq 1 --epochs 80}
MF_HP=${MF_HP:---lr 0.1 --reg 0.02 --negatives 20 --epochs 60}
for m in ${MODELS:-twotower mf}; do
  case $m in
  twotower) args="--model twotower $COMMON $TT_HP ${HP:-} --curve $OUT/twotower-curve.png" ;;
  mf) args="--model mf $COMMON $MF_HP ${HP:-}" ;;
  *) echo "gowalla.sh: unknown model $m"; exit 1 ;;
  esac
  echo "== pack train $args"
  # shellcheck disable=SC2086
  $P train $SPLIT $args --out "$OUT/$m.crec" ${QUIET---quiet}
  $P recommend --bundle "$OUT/$m.crec" --users all --k 20 --exclude-seen --out "$OUT/recs-$m.tsv" --quiet
  echo "== pack eval --recs recs-$m.tsv"
  $P eval --data "$DATA/train.txt" --format sequences --holdout none --test "$DATA/test.txt" --recs "$OUT/recs-$m.tsv" 2>/dev/null
done
