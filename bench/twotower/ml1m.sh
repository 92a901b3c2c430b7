#!/usr/bin/env bash
# MovieLens 1M, leave-one-out by time, full ranking with the user's earlier items masked: Two-Tower beside
# the popularity baseline and MF-BPR, each trained and scored by `pack eval` (validation NDCG@10 picks
# the epoch); the Two-Tower also through `pack train` -> `pack recommend` -> `pack eval --recs`.
#
# Usage: bench/twotower/ml1m.sh [DATA_DIR] [OUT_DIR]   (defaults ../shared/data/ml-1m, out/ml1m)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA=${1:-../shared/data/ml-1m}/sequences.txt
OUT=${2:-out/ml1m}
if [ ! -f "$DATA" ]; then echo "ml1m.sh: $DATA not found: skipped"; exit 0; fi
mkdir -p "$OUT"
go build -o "$OUT/pack" ./cmd/pack
P="$OUT/pack"
D="--data $DATA --format sequences"
TT="--model twotower ${TT_HP:-}"
MF="--model mf ${MF_HP:-}"
echo "== pack eval $TT"
$P eval $D $TT --curve "$OUT/twotower-curve.png" --quiet
echo "== pack eval $MF"
$P eval $D $MF --quiet | awk 'NR==1'
echo "== pack train $TT -> recommend -> eval --recs"
$P train $D $TT --out "$OUT/twotower.crec" --quiet >/dev/null
$P recommend --bundle "$OUT/twotower.crec" --users all --k 20 --exclude-seen --out "$OUT/recs-twotower.tsv" --quiet
$P eval $D --recs "$OUT/recs-twotower.tsv" 2>/dev/null | awk 'NR==1'
