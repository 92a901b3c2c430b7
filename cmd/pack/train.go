package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train"
)

// packFlags choose how a bundle stores its embeddings.
type packFlags struct {
	quant  string
	perDim bool
}

func (p *packFlags) register(fs *flag.FlagSet, quant string) {
	fs.StringVar(&p.quant, "quant", quant, "embedding storage: f32, f16 or int8")
	fs.BoolVar(&p.perDim, "per-dim", false, "int8: one scale/offset per dimension instead of per row")
}

func (p *packFlags) options() (train.PackOptions, error) {
	q, err := parseQuant(p.quant)
	return train.PackOptions{Quant: q, PerDim: p.perDim}, err
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

func runTrain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
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
	if t.test != nil {
		fmt.Fprintf(stdout, "test (leave-one-out, full ranking, seen items masked):\n%s", t.test.Table())
	}
	b, err := t.embeddings(p, d.path).Builder(opt)
	if err != nil {
		return err
	}
	if err := b.WriteFile(*out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%s, %d epochs, %.1fs)\n", *out, pf.quant, len(t.epochs), t.seconds)
	return nil
}
