package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/train/mf"
)

func main() {
	path := flag.String("data", "/work/shared/data/ml-100k/u.data", "")
	dim := flag.Int("dim", 64, "")
	lr := flag.Float64("lr", 0.05, "")
	reg := flag.Float64("reg", 0.005, "")
	ep := flag.Int("epochs", 60, "")
	bias := flag.Bool("bias", false, "")
	neg := flag.Int("neg", 1, "")
	flag.Parse()
	ds, err := dataset.Load(*path, dataset.LoadOptions{})
	if err != nil {
		panic(err)
	}
	s := dataset.LeaveOneOut(ds)
	ctx := context.Background()
	m, hist, err := mf.Train(ctx, mf.Input{NumUsers: s.NumUsers, NumItems: s.NumItems, Train: s.Train, Valid: eval.LeaveOneOutCases(s, false)},
		mf.Config{Dim: *dim, LearningRate: float32(*lr), Reg: float32(*reg), Epochs: *ep, Patience: 8, Bias: *bias, Negatives: *neg})
	if err != nil {
		panic(err)
	}
	best := 0.0
	for _, e := range hist {
		if e.Best {
			best = e.NDCG10
		}
	}
	rep, _ := eval.Evaluate(ctx, m, eval.LeaveOneOutCases(s, true), eval.Options{})
	pop, _ := eval.Evaluate(ctx, eval.Popularity(s), eval.LeaveOneOutCases(s, true), eval.Options{})
	fmt.Fprintf(os.Stdout, "dim %d lr %g reg %g epochs %d valid %.4f | test hr10 %.4f ndcg10 %.4f | pop %.4f %.4f\n", *dim, *lr, *reg, len(hist), best, rep.HR[10], rep.NDCG[10], pop.HR[10], pop.NDCG[10])
}
