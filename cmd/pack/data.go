package main

import (
	"flag"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
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
	test      string
	seed      int64
}

func (d *dataFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.path, "data", "", "interaction file (required): CSV/TSV with a header naming user,item[,timestamp][,rating], MovieLens u.data, or sequences (user item item ..., oldest first)")
	fs.StringVar(&d.format, "format", "", "file format: csv, tsv, movielens, sequences (default: detected from the name and first line)")
	fs.Float64Var(&d.minRating, "min-rating", 0, "keep only rows with rating >= this (0 keeps all); dropped rows are counted")
	fs.StringVar(&d.items, "items", "", "optional item attributes CSV: item[,category][,created_at][,tags]")
	fs.StringVar(&d.holdout, "holdout", "loo", "split: 'loo' holds out each user's last item (test) and the one before (validation, for early stopping); 'random' holds out one random item per user (3+ items) for validation; 'none' trains on everything")
	fs.StringVar(&d.test, "test", "", "a separate test file in the same format (e.g. Gowalla's test.txt): evaluate against it, with every --data item of a user masked")
	fs.Int64Var(&d.seed, "split-seed", 1, "seed of --holdout random")
}

// protocol names where the test cases come from, for the tables that print their metrics.
func (d *dataFlags) protocol() string {
	if d.test != "" {
		return "test file " + d.test + ", full ranking, training items masked"
	}
	return "leave-one-out, full ranking, seen items masked"
}

// prepared is a loaded, split data set.
type prepared struct {
	ds      *dataset.Dataset
	split   dataset.Split
	loo     bool
	train   [][]int32 // what the model learns from
	seen    [][]int32 // what the bundle stores as each user's seen items
	valid   []eval.Case
	test    []eval.Case
	hasTest bool // test cases exist (leave-one-out or a --test file)
	attrs   *dataset.ItemAttributes
}

func (d *dataFlags) load(log io.Writer) (*prepared, error) {
	if d.path == "" {
		return nil, usagef("--data is required")
	}
	switch {
	case d.holdout != "loo" && d.holdout != "none" && d.holdout != "random":
		return nil, usagef("--holdout must be loo, random or none, not %q", d.holdout)
	case d.test != "" && d.holdout == "loo":
		return nil, usagef("--test needs --holdout random or none (loo makes its own test items)")
	}
	ds, err := dataset.Load(d.path, dataset.LoadOptions{Format: dataset.Format(d.format), MinRating: float32(d.minRating)})
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "data: %s: %d users, %d items, %d interactions (%d lines, %d skipped%s)\n", d.path,
		ds.Users.Len(), ds.Items.Len(), len(ds.Rows), ds.Stats.Lines, ds.Stats.Skipped, reasons(ds.Stats.SkipReasons))
	var p *prepared
	if d.holdout == "random" {
		p = prepareRandom(ds, d.seed, log)
	} else {
		p = prepare(ds, d.holdout == "loo", log)
	}
	if d.test != "" {
		if err := p.loadTest(d.test, dataset.LoadOptions{Format: dataset.Format(d.format), MinRating: float32(d.minRating)}, log); err != nil {
			return nil, err
		}
	}
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
	p.hasTest = true
	fmt.Fprintf(log, "split: leave-one-out by time: %d validation and %d test users\n", len(p.valid), len(p.test))
	return p
}

// prepareRandom holds out one random item of each user with 3 or more items for validation (seeded); the
// bundle's seen items are all of the user's items.
func prepareRandom(ds *dataset.Dataset, seed int64, log io.Writer) *prepared {
	seqs := ds.Sequences()
	r := rand.New(rand.NewPCG(uint64(seed), 0x686f6c64))
	s := dataset.Split{NumUsers: ds.Users.Len(), NumItems: ds.Items.Len(), Train: make([][]int32, len(seqs)),
		Valid: make([]int32, len(seqs)), Test: make([]int32, len(seqs))}
	for u, seq := range seqs {
		s.Test[u], s.Valid[u], s.Train[u] = -1, -1, seq
		if len(seq) >= 3 {
			k := r.IntN(len(seq))
			s.Valid[u] = seq[k]
			s.Train[u] = append(slices.Clone(seq[:k]), seq[k+1:]...)
		}
	}
	p := &prepared{ds: ds, split: s, train: s.Train, seen: seqs, valid: eval.LeaveOneOutCases(s, false)}
	fmt.Fprintf(log, "split: one random validation item for %d users\n", len(p.valid))
	return p
}

// loadTest reads a separate test file, maps its ids through the training data's (counting and dropping
// users and items the training data lacks), and makes one test case per user with every seen item masked.
func (p *prepared) loadTest(path string, opt dataset.LoadOptions, log io.Writer) error {
	td, err := dataset.Load(path, opt)
	if err != nil {
		return err
	}
	test := make([][]int32, p.ds.Users.Len())
	unknown := 0
	for _, r := range td.Rows {
		u, uok := p.ds.Users.Index(td.Users.ID(r.User))
		i, iok := p.ds.Items.Index(td.Items.ID(r.Item))
		if !uok || !iok {
			unknown++
			continue
		}
		test[u] = append(test[u], i)
	}
	p.test = eval.HoldoutCases(p.seen, test)
	p.hasTest = true
	fmt.Fprintf(log, "test: %s: %d users, %d interactions (%d dropped: user or item not in the training data)\n",
		path, len(p.test), len(td.Rows)-unknown, unknown)
	return nil
}

func reasons(m map[string]int) string {
	s := ""
	for _, k := range slices.Sorted(maps.Keys(m)) {
		s += fmt.Sprintf("; %s: %d", k, m[k])
	}
	return s
}
