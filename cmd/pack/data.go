package main

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/eval"
)

// dataFlags are the flags that name and split an interaction file (train and eval).
type dataFlags struct {
	path      string
	format    string
	minRating float64
	items     string
	holdout   string
}

func (d *dataFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.path, "data", "", "interaction file (required): CSV/TSV with a header naming user,item[,timestamp][,rating], MovieLens u.data, or sequences (user item item ..., oldest first)")
	fs.StringVar(&d.format, "format", "", "file format: csv, tsv, movielens, sequences (default: detected from the name and first line)")
	fs.Float64Var(&d.minRating, "min-rating", 0, "keep only rows with rating >= this (0 keeps all); dropped rows are counted")
	fs.StringVar(&d.items, "items", "", "optional item attributes CSV: item[,category][,created_at][,tags]")
	fs.StringVar(&d.holdout, "holdout", "loo", "split: 'loo' holds out each user's last item (test) and the one before (validation, for early stopping); 'none' trains on everything")
}

// prepared is a loaded, split data set.
type prepared struct {
	ds    *dataset.Dataset
	split dataset.Split
	loo   bool
	train [][]int32 // what the model learns from
	seen  [][]int32 // what the bundle stores as each user's seen items
	valid []eval.Case
	test  []eval.Case
	attrs *dataset.ItemAttributes
}

func (d *dataFlags) load(log io.Writer) (*prepared, error) {
	if d.path == "" {
		return nil, usagef("--data is required")
	}
	if d.holdout != "loo" && d.holdout != "none" {
		return nil, usagef("--holdout must be loo or none, not %q", d.holdout)
	}
	ds, err := dataset.Load(d.path, dataset.LoadOptions{Format: dataset.Format(d.format), MinRating: float32(d.minRating)})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "data: %s: %d users, %d items, %d interactions (%d lines, %d skipped%s)\n", d.path,
		ds.Users.Len(), ds.Items.Len(), len(ds.Rows), ds.Stats.Lines, ds.Stats.Skipped, reasons(ds.Stats.SkipReasons))
	p := prepare(ds, d.holdout == "loo", log)
	if d.items != "" {
		if p.attrs, err = dataset.LoadItemAttributes(d.items, ds.Items); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// prepare splits a loaded data set: leave-one-out by time when loo, else everything is training data.
func prepare(ds *dataset.Dataset, loo bool, log io.Writer) *prepared {
	p := &prepared{ds: ds, loo: loo}
	if !loo {
		p.train = ds.Sequences()
		p.seen = p.train
		return p
	}
	p.split = dataset.LeaveOneOut(ds)
	p.train = p.split.Train
	p.seen = make([][]int32, p.split.NumUsers)
	for u := range p.seen {
		p.seen[u] = p.split.TrainValid(u)
	}
	p.valid = eval.LeaveOneOutCases(p.split, false)
	p.test = eval.LeaveOneOutCases(p.split, true)
	fmt.Fprintf(log, "split: leave-one-out by time: %d validation and %d test users\n", len(p.valid), len(p.test))
	return p
}

func reasons(m map[string]int) string {
	s := ""
	for _, k := range slices.Sorted(maps.Keys(m)) {
		s += fmt.Sprintf("; %s: %d", k, m[k])
	}
	return s
}
