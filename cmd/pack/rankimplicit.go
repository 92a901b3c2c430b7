package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train/rank"
)

// implicitFlags are the flags of `pack train --model dcn|deepfm|lr --implicit`.
type implicitFlags struct {
	on        bool
	negatives int
	sources   string
	retriever string
	pool      int
	stop      string
	exclude   bool
	features  bool
}

func (f *implicitFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.on, "implicit", false, "next-item task: every rating is an interaction, split leave-one-out by time (the split of pack eval), negatives sampled")
	fs.IntVar(&f.negatives, "negatives", 4, "--implicit: negatives per positive from each --negative-source")
	fs.StringVar(&f.sources, "negative-source", rank.NegativeUniform, "--implicit: comma-separated negative sources: uniform, popular (by interaction count), retriever (the --retriever's top --pool items for the user)")
	fs.StringVar(&f.retriever, "retriever", "", "--implicit: retrieval bundle (MF, Two-Tower) whose top --pool items per user are the hard negatives and the validation funnel's candidates")
	fs.IntVar(&f.pool, "pool", 100, "--implicit: retrieval candidates per user (hard negatives, validation funnel)")
	fs.StringVar(&f.stop, "stop", "auto", "--implicit: early stopping on validation 'auc' or 'hr' (HR@10 of the funnel: the ranker re-ranking the --retriever's pool); auto: hr when --retriever is given")
	fs.BoolVar(&f.features, "interaction-features", false, "--implicit: add dense features computed from the training part (rank.AddInteractionFeatures: user activity and latest day, item popularity and mean day)")
	fs.BoolVar(&f.exclude, "exclude-heldout", false, "--implicit, diagnostic only: never draw a user's validation or test item as a negative (this leaks the held-out item to the ranker: it is the one candidate never labelled 0)")
}

// check validates the flags and returns the negative sources.
func (f *implicitFlags) check() ([]string, error) {
	var sources []string
	hard := false
	for _, s := range strings.Split(f.sources, ",") {
		s = strings.TrimSpace(s)
		switch s {
		case rank.NegativeUniform, rank.NegativePopular:
		case rank.NegativeRetriever:
			hard = true
		default:
			return nil, usagef("--negative-source %q: want uniform, popular or retriever", s)
		}
		sources = append(sources, s)
	}
	if f.stop == "auto" {
		f.stop = "auc"
		if f.retriever != "" {
			f.stop = "hr"
		}
	}
	switch {
	case f.negatives < 1 || f.pool < 1:
		return nil, usagef("--negatives and --pool must be at least 1")
	case f.stop != "auc" && f.stop != "hr":
		return nil, usagef("--stop %q: want auc, hr or auto", f.stop)
	case (hard || f.stop == "hr") && f.retriever == "":
		return nil, usagef("--negative-source retriever and --stop hr need --retriever")
	}
	return sources, nil
}

// trainRankImplicit trains a ranker for the next-item task: the leave-one-out split's training
// events are the positives, each with sampled negatives; validation is the split's validation items.
func trainRankImplicit(ctx context.Context, model, dir, out string, arch rankArch, cfg rank.Config, f *implicitFlags, stdout io.Writer) (res rank.Result, err error) {
	sources, err := f.check()
	if err != nil {
		return res, err
	}
	d, err := rank.LoadMovieLens100K(dir, rank.MovieLensOptions{})
	if err != nil {
		return res, err
	}
	loo, err := rank.SplitLeaveOneOut(&d.Examples, d.Users.Rows)
	if err != nil {
		return res, err
	}
	if f.features {
		if err := d.AddInteractionFeatures(&loo.Train); err != nil {
			return res, err
		}
	}
	var pools [][]int32
	if f.retriever != "" {
		if pools, err = retrieverPools(ctx, f.retriever, d, loo.Seen, f.pool); err != nil {
			return res, err
		}
		v := rank.PoolOrder(pools, loo.Valid, 10)
		fmt.Fprintf(stdout, "validation, retriever alone (its top %d in order): HR@10 %.4f NDCG@10 %.4f (%d users)\n", f.pool, v.HR, v.NDCG, v.Users)
	}
	sp, err := implicitSplit(d, &loo, pools, sources, f, cfg.Seed)
	if err != nil {
		return res, err
	}
	m, err := newRankModel(d, model, arch, cfg.Seed)
	if err != nil {
		return res, err
	}
	if f.stop == "hr" {
		cfg.Validate = func(m *rank.Model) (float64, error) {
			r, err := rank.Funnel(m, d, pools, loo.Valid, rank.FunnelConfig{})
			return r.HR, err
		}
	}
	res, err = rank.Train(ctx, m, d, &sp, cfg)
	if err != nil {
		return res, err
	}
	fmt.Fprintf(stdout, "%s (implicit, %d %s negatives per positive): valid AUC %.4f; test AUC %.4f (best epoch %d of %d, %.1fs)\n",
		model, f.negatives, f.sources, res.Valid.AUC, res.Test.AUC, res.BestEpoch, res.Epochs, res.Seconds)
	if pools != nil {
		if err := reportFunnel(m, d, pools, loo.Valid, f.pool, stdout); err != nil {
			return res, err
		}
	}
	params := map[string]string{"task": "implicit", "negatives": strconv.Itoa(f.negatives), "negative-source": f.sources,
		"pool": strconv.Itoa(f.pool), "stop": f.stop, "interaction-features": strconv.FormatBool(f.features)}
	return res, writeRanker(m, d, dir, out, model, loo.Train.Len(), res, params, stdout)
}

func retrieverPools(ctx context.Context, path string, d *rank.Data, seen [][]int32, n int) ([][]int32, error) {
	eng, err := runtime.Open(path, runtime.Options{})
	if err != nil {
		return nil, fmt.Errorf("--retriever: %w", err)
	}
	defer eng.Close()
	return rank.RetrieverPools(ctx, eng, d, seen, n)
}

// implicitSplit samples the negatives of the training events and of the validation and test
// items (for AUC; a held-out item's negatives never include the user's training items).
func implicitSplit(d *rank.Data, loo *rank.LeaveOneOut, pools [][]int32, sources []string, f *implicitFlags, seed uint64) (rank.Split, error) {
	cfg := rank.NegativeConfig{NumItems: d.Items.Rows, PerPositive: f.negatives, Sources: sources, Pools: pools, Seed: seed}
	heldOut := loo.HeldOut()
	if f.exclude {
		cfg.Exclude = heldOut
	}
	var sp rank.Split
	var err error
	if sp.Train, err = rank.SampleNegatives(&loo.Train, cfg); err != nil {
		return sp, err
	}
	cfg.Exclude = concat(loo.Seen, heldOut)
	valid, test := rank.Targets(loo.Valid), rank.Targets(loo.Test)
	cfg.Seed = seed + 1
	if sp.Valid, err = rank.SampleNegatives(&valid, cfg); err != nil {
		return sp, err
	}
	cfg.Seed = seed + 2
	sp.Test, err = rank.SampleNegatives(&test, cfg)
	return sp, err
}

func concat(a, b [][]int32) [][]int32 {
	out := make([][]int32, max(len(a), len(b)))
	for u := range out {
		if u < len(a) {
			out[u] = append(out[u], a[u]...)
		}
		if u < len(b) {
			out[u] = append(out[u], b[u]...)
		}
	}
	return out
}

// reportFunnel prints the validation funnel's HR@10 and NDCG@10, the ranker alone and blended
// with the retrieval order (pack build --blend W), for choosing W on validation.
func reportFunnel(m *rank.Model, d *rank.Data, pools [][]int32, valid []int32, pool int, stdout io.Writer) error {
	for _, w := range []float64{0, 0.5, 1, 2, 3} {
		v, err := rank.Funnel(m, d, pools, valid, rank.FunnelConfig{Blend: w})
		if err != nil {
			return err
		}
		name := "validation, funnel (the ranker re-ranks the retriever's top %d)"
		if w > 0 {
			name += fmt.Sprintf(", --blend %g", w)
		}
		fmt.Fprintf(stdout, name+": HR@10 %.4f NDCG@10 %.4f (%d users)\n", pool, v.HR, v.NDCG, v.Users)
	}
	return nil
}
