package main

import (
	"context"
	"fmt"
	"io"

	"github.com/corerec/corerec/importer"
	"github.com/corerec/corerec/runtime"
)

func runImport(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", "import --items items.npy --item-ids ids.txt [--users users.npy --user-ids ids.txt] [--tower tower.safetensors] --out BUNDLE [flags]", stderr)
	var f importer.Files
	var pf packFlags
	fs.StringVar(&f.Items, "items", "", "item embeddings (required): .npy, items × dim, float32 or float64")
	fs.StringVar(&f.ItemIDs, "item-ids", "", "item ids (required): one per line, line r names row r of --items")
	fs.StringVar(&f.Users, "users", "", "user embeddings: .npy, users × dim (optional)")
	fs.StringVar(&f.UserIDs, "user-ids", "", "user ids, one per line (with --users, or for a tower's per-user ID embeddings)")
	fs.StringVar(&f.Tower, "tower", "", "user tower: safetensors with PREFIX.N.weight/.bias layers and optional features.mean, features.inv_std, unknown, ids (see package importer)")
	fs.StringVar(&f.TowerOptions.Activation, "tower-activation", "relu", "activation of the tower's hidden layers: relu, gelu, gelu_tanh, tanh, sigmoid, none")
	fs.BoolVar(&f.TowerOptions.Normalize, "tower-normalize", false, "L2-normalise the tower's output")
	fs.StringVar(&f.Metric, "metric", "dot", "item scoring: dot, cosine or l2")
	fs.StringVar(&f.Interactions, "data", "", "optional interaction file (formats as for train): stores each user's items (exclude-seen) and item popularity (the unknown-user fallback); rows of ids not in the id lists are dropped and counted")
	out := fs.String("out", "", "bundle to write (required)")
	pf.register(fs, "f32")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *out == "" || f.Items == "" || f.ItemIDs == "" {
		return usagef("--items, --item-ids and --out are required")
	}
	opt, err := pf.options()
	if err != nil {
		return err
	}
	in, err := importer.Load(f)
	if err != nil {
		return err
	}
	if f.Interactions != "" {
		fmt.Fprintf(stderr, "data: %s: %d interactions dropped (user or item not in the id lists)\n", f.Interactions, in.Usage.Dropped)
	}
	b, err := importer.Build(in, opt)
	if err != nil {
		return err
	}
	if err := b.WriteFile(*out); err != nil {
		return err
	}
	eng, err := runtime.Open(*out, runtime.Options{})
	if err != nil {
		return fmt.Errorf("the written bundle does not open: %w", err)
	}
	defer eng.Close()
	kind := "embeddings"
	if in.Tower != nil {
		kind = fmt.Sprintf("embeddings + user tower (%d layers, %d features)", len(in.Tower.Layers), in.Tower.Features)
	}
	fmt.Fprintf(stdout, "wrote %s (%s: %d items, %d users, dim %d, %s, index %s)\n", *out, kind, len(in.ItemIDs), len(in.UserIDs), in.Dim, pf.quant, eng.Index())
	return nil
}
