package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train"
)

func runReindex(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("reindex", "reindex BUNDLE [--index hnsw|exact|auto] [--hnsw-m M] [--hnsw-ef-construction EF] --out BUNDLE2", stderr)
	var p packFlags
	p.register(fs, "f32")
	out := fs.String("out", "", "bundle to write (required; may not be the input)")
	path, err := parseInOut(fs, args, out)
	if err != nil {
		return err
	}
	var bad error
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "quant" || f.Name == "per-dim" {
			bad = usagef("--%s does not apply to reindex (use pack quantize)", f.Name)
		}
	})
	if bad != nil {
		return bad
	}
	opt, err := p.options()
	if err != nil {
		return err
	}
	src, err := modelpack.Open(path, modelpack.Options{})
	if err != nil {
		return err
	}
	defer src.Close()
	b, err := train.Reindex(src, opt)
	if err != nil {
		return err
	}
	if err := b.WriteFile(*out); err != nil {
		return err
	}
	check, err := modelpack.Open(*out, modelpack.Options{})
	if err != nil {
		return fmt.Errorf("reading back %s: %w", *out, err)
	}
	defer check.Close()
	extra := check.Manifest().Extra
	if extra[modelpack.ExtraIndex] == train.IndexHNSW {
		fmt.Fprintf(stdout, "wrote %s (index hnsw M=%s efConstruction=%s)\n", *out, extra[modelpack.ExtraIndexM], extra[modelpack.ExtraIndexEfConstruction])
	} else {
		fmt.Fprintf(stdout, "wrote %s (index exact)\n", *out)
	}
	return nil
}
