package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/internal/plot"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train"
	"github.com/corerec/corerec/train/lightgcn"
	"github.com/corerec/corerec/train/twotower"
)

// packFlags choose how a bundle stores its embeddings.
type packFlags struct {
	quant  string
	perDim bool
	index  string
	m, efc int
}

func (p *packFlags) register(fs *flag.FlagSet, quant string) {
	fs.StringVar(&p.quant, "quant", quant, "embedding storage: f32, f16 or int8")
	fs.BoolVar(&p.perDim, "per-dim", false, "int8: one scale/offset per dimension instead of per row")
	fs.StringVar(&p.index, "index", "auto", "retrieval index: hnsw (a graph), exact (scan every item), auto (hnsw from 2,000 items on)")
	fs.IntVar(&p.m, "hnsw-m", 16, "HNSW links per node on the upper levels (2·M on level 0)")
	fs.IntVar(&p.efc, "hnsw-ef-construction", 200, "HNSW build beam width: larger builds a better graph, more slowly")
}

func (p *packFlags) options() (train.PackOptions, error) {
	q, err := parseQuant(p.quant)
	if err != nil {
		return train.PackOptions{}, err
	}
	opt := train.PackOptions{Quant: q, PerDim: p.perDim, HNSW: ann.Config{M: p.m, EfConstruction: p.efc}}
	switch p.index {
	case "auto":
	case "hnsw", "exact":
		opt.Index = p.index
	default:
		return opt, usagef("--index %q: want auto, hnsw or exact", p.index)
	}
	if p.m < 2 || p.m > 100 || p.efc < 1 {
		return opt, usagef("--hnsw-m must be in 2..100 and --hnsw-ef-construction >= 1")
	}
	return opt, nil
}

func parseQuant(s string) (modelpack.Quant, error) {
	switch s {
	case "f32":
		return modelpack.QuantF32, nil
	case "f16":
		return modelpack.QuantF16, nil
	case "int8":
		return modelpack.QuantInt8, nil
	}
	return 0, usagef("quantization %q: want f32, f16 or int8", s)
}

// writeCurve writes a training curve PNG to path (nothing when path is empty).
func writeCurve(path string, epochs []plot.Epoch) error {
	loss, ndcg, lr := plot.TrainingCharts(epochs)
	return writeCharts(path, loss, ndcg, lr, plot.TestChart(epochs))
}

// writeCharts writes charts stacked into one PNG at path (plot.WriteStacked; nothing when path is empty).
func writeCharts(path string, charts ...plot.Chart) error {
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := plot.WriteStacked(f, charts...); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// curve is the trained model's run as its training curve shows it.
func (t *trained) curve() []plot.Epoch {
	var out []plot.Epoch
	switch {
	case t.tt != nil:
		out = twotower.CurveEpochs(t.ttEpochs)
	case t.lg != nil:
		out = lgCurve(t.lgEpochs)
	default:
		for _, e := range t.epochs { // mf records no evaluation flag: a validation score marks one
			out = append(out, plot.Epoch{Epoch: e.Epoch, Loss: e.Loss, NDCG10: e.NDCG10, Evaluated: e.NDCG10 > 0 || e.Best, LR: float64(e.LR)})
		}
	}
	return out
}

// lgCurve is a LightGCN run as its training curve shows it (an epoch with a validation score counts as
// evaluated).
func lgCurve(epochs []lightgcn.Epoch) []plot.Epoch {
	out := make([]plot.Epoch, len(epochs))
	for k, e := range epochs {
		out[k] = plot.Epoch{Epoch: e.Epoch, Loss: e.Loss, NDCG10: e.NDCG10, Evaluated: e.NDCG10 > 0 || e.Best, LR: float64(e.LR),
			Seconds: e.Seconds, CPUSeconds: e.CPUSeconds, Tested: e.Tested, TestRecall20: e.Recall20, TestNDCG20: e.NDCG20}
	}
	return out
}

func runTrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if rankModel(args) {
		return runTrainRank(ctx, args, stdout, stderr) // dcn, deepfm, lr: cmd/pack/rank.go
	}
	if seqModel(args) {
		return runTrainSeq(ctx, args, stdout, stderr)
	}
	fs := newFlags("train", "train --data FILE [--model mf] --out BUNDLE [flags]", stderr)
	var d dataFlags
	var m modelFlags
	var pf packFlags
	out := fs.String("out", "", "bundle to write (required)")
	d.register(fs)
	m.register(fs)
	pf.register(fs, "f32")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *out == "" {
		return usagef("--out is required")
	}
	if err := m.resolve(fs); err != nil {
		return err
	}
	opt, err := pf.options()
	if err != nil {
		return err
	}
	p, err := d.load(stderr)
	if err != nil {
		return err
	}
	t, err := fit(ctx, p, &m, stderr)
	if err != nil {
		return err
	}
	if err := writeCurve(m.curve, t.curve()); err != nil {
		return err
	}
	if t.test != nil {
		fmt.Fprintf(stdout, "test (%s):\n%s", d.protocol(), t.test.Table())
	}
	b, err := t.builder(p, d.path, opt)
	if err != nil {
		return err
	}
	if err := b.WriteFile(*out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%s, %d epochs, %.1fs)\n", *out, pf.quant, t.numEpochs(), t.seconds)
	return nil
}
