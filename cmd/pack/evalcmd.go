package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/eval"
)

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if seqModel(args) {
		return runEvalSeq(ctx, args, stdout, stderr)
	}
	fs := newFlags("eval", "eval --data FILE [--model mf | --recs FILE] [flags]", stderr)
	var d dataFlags
	var m modelFlags
	recs := fs.String("recs", "", "score this recommendation file (user<TAB>item,item,..., original ids) instead of training a model")
	versus := fs.String("versus", "", "also score this recommendation file and compare the two per user (paired differences, their standard errors, users won and lost)")
	d.register(fs)
	m.register(fs)
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if d.holdout != "loo" && d.test == "" {
		return usagef("eval needs test items: --holdout loo, or a --test file")
	}
	if err := m.resolve(fs); err != nil {
		return err
	}
	p, err := d.load(stderr)
	if err != nil {
		return err
	}
	pop, err := eval.Evaluate(ctx, eval.ScorerFunc(p.ds.Items.Len(), popularityScores(p.train, p.ds.Items.Len())), p.test, eval.Options{})
	if err != nil {
		return err
	}
	var rep eval.Report
	name := m.kind
	if *recs != "" {
		name = "recs"
		if rep, err = scoreRecs(*recs, p); err != nil {
			return err
		}
	} else {
		t, err := fit(ctx, p, &m, stderr)
		if err != nil {
			return err
		}
		rep = *t.test
	}
	if *versus == "" {
		return printReports(stdout, d.protocol(), []string{name, "popularity"}, []eval.Report{rep, pop})
	}
	vs, err := scoreRecs(*versus, p)
	if err != nil {
		return err
	}
	cmp, err := eval.Compare(rep, vs)
	if err != nil {
		return err
	}
	if err := printReports(stdout, d.protocol(), []string{name, "versus", "popularity"}, []eval.Report{rep, vs, pop}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%s − versus, %s", name, cmp.Table())
	return nil
}

// popularityScores scores every item by its count in train, for every user alike.
func popularityScores(train [][]int32, n int) func(int32, []float32) {
	pop := make([]float32, n)
	for _, items := range train {
		for _, i := range items {
			pop[i]++
		}
	}
	return func(_ int32, out []float32) { copy(out, pop) }
}

// scoreRecs reads a recommendation file and scores its lists against the split's test items.
func scoreRecs(path string, p *prepared) (eval.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return eval.Report{}, err
	}
	defer f.Close()
	lists, err := dataset.ReadLists(f, path)
	if err != nil {
		return eval.Report{}, err
	}
	ranked := make(map[int32][]int32, len(lists))
	for _, l := range lists {
		u, ok := p.ds.Users.Index(l.User)
		if !ok {
			return eval.Report{}, fmt.Errorf("%s: user %q is not in the data", path, l.User)
		}
		for _, id := range l.Items {
			i, ok := p.ds.Items.Index(id)
			if !ok {
				return eval.Report{}, fmt.Errorf("%s: item %q is not in the data", path, id)
			}
			ranked[u] = append(ranked[u], i)
		}
	}
	return eval.FromLists(ranked, p.test, p.ds.Items.Len(), eval.Options{})
}

// printReports writes one JSON line per report, then a readable table of each.
func printReports(w io.Writer, protocol string, names []string, reps []eval.Report) error {
	for i, r := range reps {
		line := map[string]any{"model": names[i], "protocol": protocol}
		for k, v := range r.JSON() {
			line[k] = v
		}
		b, err := json.Marshal(line)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, string(b))
	}
	for i, r := range reps {
		fmt.Fprintf(w, "\n%s\n%s", names[i], r.Table())
	}
	return nil
}
