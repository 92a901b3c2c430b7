#!/usr/bin/env bash
# MovieLens 100K, leave-one-out by time, full ranking: MF-BPR through `pack train` + `pack recommend` +
# `pack eval --recs`, beside `pack eval` and the popularity baseline; then the same bundle in f16 and int8.
# Usage: scripts/bench-ml100k.sh [DATA_DIR] [OUT_DIR]   (defaults ../shared/data/ml-100k, out/ml100k)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data/ml-100k}/u.data
OUT=${2:-out/ml100k}
if [ ! -f "$DATA" ]; then echo "bench-ml100k: $DATA not found: skipped"; exit 0; fi
mkdir -p "$OUT"
go build -o "$OUT/pack" ./cmd/pack
P="$OUT/pack"
HP="--workers 1 --seed 1 --negatives 20 --reg 0.02 --dim 64"   # chosen by validation NDCG@10
$P train --data "$DATA" $HP --out "$OUT/mf.crec" --quiet
$P quantize "$OUT/mf.crec" --to f16 --out "$OUT/mf-f16.crec"
$P quantize "$OUT/mf.crec" --to int8 --out "$OUT/mf-int8.crec"
$P quantize "$OUT/mf.crec" --to int8 --per-dim --out "$OUT/mf-int8dim.crec"
for b in mf mf-f16 mf-int8 mf-int8dim; do
  $P recommend --bundle "$OUT/$b.crec" --users all --k 20 --exclude-seen --out "$OUT/recs-$b.tsv" --quiet 2>/dev/null
  echo "== pack eval --recs recs-$b.tsv"
  $P eval --data "$DATA" --recs "$OUT/recs-$b.tsv" 2>/dev/null | awk "NR<=2"
done
echo "== pack eval --model mf $HP"
$P eval --data "$DATA" $HP --quiet 2>/dev/null | awk "NR==1"
for b in mf mf-f16 mf-int8 mf-int8dim; do
  echo "== pack inspect $b.crec (matrices)"
  $P inspect "$OUT/$b.crec" | sed -n '/^matrix/,$p'
done
ls -l "$OUT"/*.crec
