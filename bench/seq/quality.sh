#!/bin/sh
# The quality runs of BENCHMARKS.md ("Sequential models"): train with pack (leave-one-out by time, early
# stopping on validation NDCG@10), write each user's history without the test item, recommend from those
# histories through the runtime (pack recommend --history, seen items excluded), and score the output
# (pack eval --recs, full ranking). Long: hours on a shared 2-core machine; run it under nohup.
# The training state is checkpointed every epoch to OUTDIR/RUN.ckpt: run the script again after an
# interruption and it resumes there. MAXTIME=80m ends training at that limit with the best epoch so far.
# Usage: bench/seq/quality.sh ml1m-sasrec|ml1m-sasrec128|ml1m-bert4rec|beauty-sasrec [OUTDIR]   (from the repository root)
set -eu
RUN=$1
OUT=${2:-/tmp/seqruns}
DATA=${DATA:-../shared/data}
mkdir -p "$OUT"
go build -o "$OUT/pack" ./cmd/pack
case $RUN in
ml1m-sasrec) DATAFILE=$DATA/ml-1m/sequences.txt; FLAGS="--model sasrec" ;;
ml1m-sasrec128) DATAFILE=$DATA/ml-1m/sequences.txt
  FLAGS="--model sasrec --block sasrec --init torch --dim 128 --dropout 0.2 --windows all --patience 20" ;;
ml1m-bert4rec) DATAFILE=$DATA/ml-1m/sequences.txt; FLAGS="--model bert4rec --activation relu" ;;
beauty-sasrec) DATAFILE=$DATA/beauty/Beauty.txt; FLAGS="--model sasrec --max-len 50 --dropout 0.5" ;;
*) echo "unknown run $RUN" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086
nice -n 10 "$OUT/pack" train --data "$DATAFILE" --format sequences $FLAGS --workers 2 \
  --checkpoint "$OUT/$RUN.ckpt" ${MAXTIME:+--max-time "$MAXTIME"} \
  --curve "$OUT/$RUN-curve.png" --out "$OUT/$RUN.crec" --write-history "$OUT/$RUN-hist.tsv" 2>>"$OUT/$RUN.log"
"$OUT/pack" recommend --bundle "$OUT/$RUN.crec" --history "$OUT/$RUN-hist.tsv" --k 20 --exclude-seen \
  --out "$OUT/$RUN-recs.tsv" --quiet
"$OUT/pack" eval --data "$DATAFILE" --format sequences --recs "$OUT/$RUN-recs.tsv"
