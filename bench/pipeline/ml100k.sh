#!/usr/bin/env bash
# MovieLens 100K, leave-one-out by time, full ranking: does the funnel (MF retrieval → DCN-v2 ranking) beat
# MF retrieval alone? Trains an MF-BPR retriever (the hyperparameters of scripts/bench-ml100k.sh) and two
# DCN-v2 rankers:
#   - the click ranker (pack train --model dcn: rating ≥ 4 is a click, each user's last 20 % of ratings held
#     out, so the leave-one-out test item is never a training example of either model);
#   - the next-item ranker (pack train --model dcn --implicit: every rating an interaction, the leave-one-out
#     split of pack eval, training positives only from its training part, each with sampled negatives —
#     IMPLICIT_SOURCES from IMPLICIT_NEG per source, 'retriever' being the MF bundle's top 100 for the user —
#     early-stopped on the funnel's validation HR@10; hyperparameters chosen on validation, see BENCHMARKS.md);
# assembles them with pack build, recommends 20 items for every user with --exclude-seen, and scores each
# recommendation file with pack eval --recs on the leave-one-out split. Training runs under nice -n 10.
# Usage: bench/pipeline/ml100k.sh [DATA_DIR] [OUT_DIR]   (defaults ../shared/data/ml-100k, out/pipeline-ml100k)
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=${1:-../shared/data/ml-100k}
OUT=${2:-out/pipeline-ml100k}
IMPLICIT_SOURCES=${IMPLICIT_SOURCES:-uniform}
IMPLICIT_NEG=${IMPLICIT_NEG:-4}
IMPLICIT_BLEND=${IMPLICIT_BLEND:-2}
if [ ! -f "$DIR/u.data" ]; then echo "ml100k.sh: $DIR/u.data not found: skipped"; exit 0; fi
mkdir -p "$OUT"
go build -o "$OUT/pack" ./cmd/pack
P="$OUT/pack"
T="nice -n 10 $P"
$T train --data "$DIR/u.data" --workers 1 --seed 1 --negatives 20 --reg 0.02 --dim 64 --out "$OUT/mf.crec" --quiet
$T train --model dcn --data "$DIR" --out "$OUT/dcn.crec" --seed 1 2>/dev/null | tail -n 2
$T train --model dcn --implicit --data "$DIR" --retriever "$OUT/mf.crec" --negative-source "$IMPLICIT_SOURCES" \
  --negatives "$IMPLICIT_NEG" --pool 100 --epochs 10 --seed 1 --out "$OUT/dcn-implicit.crec" 2>/dev/null
for c in 100 500; do
  $P build --retriever "$OUT/mf.crec" --ranker "$OUT/dcn.crec" --candidates $c --keep $c --out "$OUT/funnel-$c.crec" 2>/dev/null
  $P build --retriever "$OUT/mf.crec" --ranker "$OUT/dcn-implicit.crec" --candidates $c --keep $c \
    --out "$OUT/funnel-implicit-$c.crec" 2>/dev/null
done
for c in 100 500; do
  $P build --retriever "$OUT/mf.crec" --ranker "$OUT/dcn-implicit.crec" --candidates $c --keep $c --blend "$IMPLICIT_BLEND" \
    --out "$OUT/funnel-implicit-blend-$c.crec" 2>/dev/null
done
$P build --retriever "$OUT/mf.crec" --ranker "$OUT/dcn.crec" --retrievers embedding,popular --candidates 100 --keep 100 \
  --out "$OUT/funnel-pop-100.crec" 2>/dev/null
for w in 1 3; do
  $P build --retriever "$OUT/mf.crec" --ranker "$OUT/dcn.crec" --candidates 100 --keep 100 --blend $w \
    --out "$OUT/funnel-blend$w-100.crec" 2>/dev/null
done
rec() { $P recommend --bundle "$1" --users all --k 20 --exclude-seen --quiet --out "$OUT/recs-$2.tsv" "${@:3}" 2>/dev/null; }
rec "$OUT/mf.crec" mf
rec "$OUT/funnel-100.crec" funnel-100-norank --no-rank
RUNS="funnel-100 funnel-500 funnel-pop-100 funnel-blend1-100 funnel-blend3-100 funnel-implicit-100 funnel-implicit-500 funnel-implicit-blend-100 funnel-implicit-blend-500"
for b in $RUNS; do rec "$OUT/$b.crec" $b; done
for r in mf funnel-100-norank $RUNS; do
  echo "== $r"
  $P eval --data "$DIR/u.data" --recs "$OUT/recs-$r.tsv" 2>/dev/null | awk 'NR==1'
done
