package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/corerec/corerec/dataset/synth"
	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/runtime"
)

// runDemo is the embedded default: synthetic data with planted tastes, an MF-BPR model trained with the
// leave-one-out protocol, packed into an in-memory int8 bundle, and recommendations from it.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("demo", "demo [--users 3] [--out demo.crec]", stderr)
	show := fs.Int("users", 3, "how many users to show recommendations for")
	out := fs.String("out", "", "also write the bundle to this file")
	seed := fs.Int64("seed", 1, "seed of the synthetic data and the model")
	var pf packFlags
	pf.register(fs, "int8")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	opt, err := pf.options()
	if err != nil {
		return err
	}
	data := synth.Generate(synth.Config{Seed: *seed})
	ds := data.Dataset
	fmt.Fprintf(stdout, "synthetic data (seed %d): %d users, %d items in %d categories, %d interactions\n",
		*seed, ds.Users.Len(), ds.Items.Len(), countCategories(data.Attributes.Category), len(ds.Rows))
	p := prepare(ds, true, stderr)
	p.attrs = data.Attributes
	m := modelFlags{kind: "mf"}
	m.mf.Seed = *seed
	m.mf.Epochs = 40
	m.mf.Workers = 1 // one Hogwild worker: the same model, bundle and numbers on every run
	t, err := fit(ctx, p, &m, stderr)
	if err != nil {
		return err
	}
	pop, err := eval.Evaluate(ctx, eval.Popularity(p.split), p.test, eval.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\ntest metrics (leave-one-out, full ranking):\n%-12s %8s %8s\n", "model", "HR@10", "NDCG@10")
	fmt.Fprintf(stdout, "%-12s %8.4f %8.4f\n%-12s %8.4f %8.4f\n", "mf-bpr", t.test.HR[10], t.test.NDCG[10],
		"popularity", pop.HR[10], pop.NDCG[10])

	b, err := t.embeddings(p, "synthetic demo").Builder(opt)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		return err
	}
	if *out != "" {
		if err := b.WriteFile(*out); err != nil {
			return err
		}
	}
	eng, err := runtime.OpenBytes(buf.Bytes(), runtime.Options{})
	if err != nil {
		return err
	}
	defer eng.Close()
	fmt.Fprintf(stdout, "\nbundle: %d bytes (%s embeddings)\n", buf.Len(), pf.quant)
	return showUsers(ctx, stdout, eng, p, *show)
}

func showUsers(ctx context.Context, w io.Writer, eng *runtime.Engine, p *prepared, n int) error {
	cat := eng.Catalog()
	for u := 0; u < n && u < p.ds.Users.Len(); u++ {
		id := p.ds.Users.ID(int32(u))
		res, err := eng.Recommend(ctx, runtime.Request{User: id, K: 5, ExcludeSeen: true})
		if err != nil {
			return err
		}
		hist := p.seen[u]
		recent := hist[max(0, len(hist)-5):]
		var hs []string
		for _, i := range recent {
			hs = append(hs, fmt.Sprintf("%s(%s)", p.ds.Items.ID(i), cat.ItemCategory(i)))
		}
		fmt.Fprintf(w, "\nuser %s, recent: %s\n", id, strings.Join(hs, " "))
		for r, it := range res.Items {
			fmt.Fprintf(w, "  %d. %-8s category %-4s score %.3f\n", r+1, it.ID, cat.ItemCategory(it.Index), it.Score)
		}
	}
	return nil
}

func countCategories(c []string) int {
	seen := map[string]bool{}
	for _, s := range c {
		seen[s] = true
	}
	return len(seen)
}
