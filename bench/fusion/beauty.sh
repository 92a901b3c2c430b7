#!/usr/bin/env bash
# Amazon Beauty (S3-Rec 5-core): ID-only Two-Tower against the multi-modal Two-Tower with the item
# attributes (brand, categories: Beauty_item2attributes.json) as a modality beside the ID, for each
# fusion strategy. Leave-one-out by time (the last item of each user is the test, the one before it
# validation), full ranking with the user's earlier items masked: each model through `pack train` ->
# `pack recommend --exclude-seen` -> `pack eval --recs` (all users), and score.awk for the users whose test
# item has <= 5 training interactions (score.awk's all-user numbers must equal pack eval's: a check).
#
# Every variant gets the same budget: the same grid (GRID, one line per configuration), the epoch and the
# configuration chosen by validation NDCG@10 (on a fixed sample of 5,000 validation users), test reported
# once for the chosen one. Configurations already trained in OUT (same line of GRID) are not retrained, so
# the grid can be extended and the script rerun.
#
# Usage: nice -n 10 bench/fusion/beauty.sh [DATA_DIR] [OUT_DIR]   (defaults ../shared/data/beauty, out/fusion)
# VARIANTS (default "id concat weighted attention gated"; also "identity": ID-only towers without layers),
# GRID, COMMON replace the settings below.
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=${1:-../shared/data/beauty}
OUT=${2:-out/fusion}
DATA=$DIR/Beauty.txt
ATTRS=$DIR/Beauty_item2attributes.json
if [ ! -f "$DATA" ] || [ ! -f "$ATTRS" ]; then echo "beauty.sh: $DATA or $ATTRS not found: skipped"; exit 0; fi
mkdir -p "$OUT"
go build -o "$OUT/pack" ./cmd/pack
P="$OUT/pack"
COMMON=${COMMON:---dim 64 --epochs 40 --patience 3 --workers 2 --valid-users 5000 --seed 1}
GRID=${GRID:-"--lr 0.003 --temperature 0.1
--lr 0.01 --temperature 0.1
--lr 0.003 --temperature 0.2
--lr 0.01 --temperature 0.2
--lr 0.01 --temperature 0.3
--lr 0.02 --temperature 0.2"}
VARIANTS=${VARIANTS:-id concat weighted attention gated}
D="--data $DATA --format sequences"

for v in $VARIANTS; do
  case $v in
  id) modal="" ;;
  identity) modal="--identity" ;; # both towers are the ID embedding, no layer (matrix factorisation)
  concat | weighted | attention | gated) modal="--item-attributes $ATTRS --fusion $v" ;;
  *) echo "beauty.sh: unknown variant $v"; exit 1 ;;
  esac
  k=0
  while IFS= read -r hp; do
    k=$((k + 1))
    if [ -f "$OUT/$v-$k.crec" ] && [ "$(cat "$OUT/$v-$k.hp" 2>/dev/null)" = "$hp" ]; then continue; fi # done in an earlier run
    # shellcheck disable=SC2086
    $P train $D --model twotower $COMMON $hp $modal --quiet --out "$OUT/$v-$k.crec" >"$OUT/$v-$k.log" 2>&1
    echo "$hp" >"$OUT/$v-$k.hp"
  done <<<"$GRID"
  best=-1 bestk=0
  for k in $(seq "$(wc -l <<<"$GRID")"); do
    val=$(sed -nE 's/^best epoch ([0-9]+) of ([0-9]+): validation ndcg@10 ([0-9.]+) \(([0-9.]+)s\)/\3 \1 \2 \4/p' "$OUT/$v-$k.log")
    echo "$v config $k ($(cat "$OUT/$v-$k.hp")): validation ndcg@10, best epoch, epochs, seconds: $val"
    if awk -v a="${val%% *}" -v b="$best" 'BEGIN { exit !(a > b) }'; then best=${val%% *} bestk=$k; fi
  done
  echo "== $v: chosen config $bestk (validation ndcg@10 $best): $(sed -n "${bestk}p" <<<"$GRID")"
  $P recommend --bundle "$OUT/$v-$bestk.crec" --users all --k 20 --exclude-seen --out "$OUT/recs-$v.tsv" --quiet >/dev/null
  $P eval $D --recs "$OUT/recs-$v.tsv" 2>/dev/null | sed -n 1p # (head would close the pipe early: pipefail)
  awk -v MAX=5 -f bench/fusion/score.awk "$DATA" "$OUT/recs-$v.tsv"
done
