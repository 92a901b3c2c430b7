#!/usr/bin/env bash
# Gowalla (the LightGCN split), full ranking with every training item masked: Two-Tower through
# `pack train` -> `pack recommend --exclude-seen` -> `pack eval --recs` (the numbers in BENCHMARKS.md).
# Early stopping uses one random training item per user as validation (--holdout random); the test file
# is only scored.
#
# Usage: bench/twotower/gowalla.sh [DATA_DIR] [OUT_DIR]   (defaults ../shared/data/gowalla, out/gowalla)
# Extra hyper-parameters may be given in HP (appended to the ones below); QUIET= shows progress bars.
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-../shared/data/gowalla}
OUT=${2:-out/gowalla}
if [ ! -f "$DATA/train.txt" ]; then echo "gowalla.sh: $DATA/train.txt not found: skipped"; exit 0; fi
mkdir -p "$OUT"
go build -o "$OUT/pack" ./cmd/pack
P="$OUT/pack"
SPLIT="--data $DATA/train.txt --format sequences --holdout random --test $DATA/test.txt"
TT="--model twotower ${TT_HP:-} ${HP:-}"
echo "== pack train $TT"
$P train $SPLIT $TT --curve "$OUT/twotower-curve.png" --out "$OUT/twotower.crec" ${QUIET---quiet}
$P recommend --bundle "$OUT/twotower.crec" --users all --k 20 --exclude-seen --out "$OUT/recs-twotower.tsv" --quiet
echo "== pack eval --recs recs-twotower.tsv"
$P eval --data "$DATA/train.txt" --format sequences --holdout none --test "$DATA/test.txt" --recs "$OUT/recs-twotower.tsv" 2>/dev/null
