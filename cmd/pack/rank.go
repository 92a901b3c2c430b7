package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train/rank"
)

// rankModel reports whether train's arguments ask for a ranking model (--model dcn|deepfm|lr).
func rankModel(args []string) bool {
	for i, a := range args {
		v, ok := strings.CutPrefix(strings.TrimLeft(a, "-"), "model")
		if !ok || !strings.HasPrefix(a, "-") {
			continue
		}
		switch {
		case strings.HasPrefix(v, "="):
			v = v[1:]
		case v == "" && i+1 < len(args):
			v = args[i+1]
		default:
			continue
		}
		return v == runtime.RankDCN || v == runtime.RankDeepFM || v == runtime.RankLR
	}
	return false
}

// rankArch is the architecture part of a runtime.RankSpec, as read from --config.
type rankArch struct {
	EmbedDim int               `json:"embed_dim"`
	Cross    runtime.CrossSpec `json:"cross"`
	Deep     []int             `json:"deep"`
	Stacked  bool              `json:"stacked"`
}

// runTrainRank is `pack train --model dcn|deepfm|lr`: the MovieLens 100K click task (rating ≥
// --positive is a click; user id, age, gender, occupation; item id, genres, year), split per user
// by time, trained on train/nn and written as a ranker bundle.
func runTrainRank(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("train", "train --model dcn|deepfm|lr --data ML100K_DIR --out BUNDLE [flags]", stderr)
	model := fs.String("model", runtime.RankDCN, "ranking model: dcn (DCN-v2), deepfm, lr (logistic regression)")
	data := fs.String("data", "", "MovieLens 100K directory holding u.data, u.user and u.item (required)")
	out := fs.String("out", "", "bundle to write (required)")
	config := fs.String("config", "", `JSON architecture: {"embed_dim":16,"cross":{"layers":3,"rank":0,"experts":1},"deep":[128,64],"stacked":false}; flags override it`)
	arch := rankArch{EmbedDim: 16, Cross: runtime.CrossSpec{Layers: 3}, Deep: []int{128, 64}}
	fs.IntVar(&arch.EmbedDim, "embed-dim", arch.EmbedDim, "width of every field embedding")
	fs.IntVar(&arch.Cross.Layers, "cross-layers", arch.Cross.Layers, "dcn: cross layers")
	fs.IntVar(&arch.Cross.Rank, "cross-rank", 0, "dcn: 0 for full-rank cross layers, r for low-rank U·V of rank r")
	fs.IntVar(&arch.Cross.Experts, "experts", 0, "dcn with --cross-rank: mixture of this many low-rank experts")
	fs.BoolVar(&arch.Stacked, "stacked", false, "dcn: deep network on the cross output (default: parallel)")
	deep := fs.String("deep", "128,64", "hidden widths of the deep network (ReLU), comma-separated; empty for none")
	var cfg rank.Config
	fs.IntVar(&cfg.Epochs, "epochs", 30, "maximum epochs")
	fs.IntVar(&cfg.BatchSize, "batch", 512, "examples per step")
	lr := fs.Float64("lr", 0, "Adam learning rate (default 1e-3; 1e-2 for lr)")
	fs.IntVar(&cfg.Patience, "patience", 2, "stop after this many epochs without a better validation AUC")
	fs.IntVar(&cfg.Workers, "workers", 1, "goroutines per op")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "random seed")
	testFrac := fs.Float64("test", 0.2, "each user's last fraction of events held out for the test")
	validFrac := fs.Float64("valid", 0.1, "the fraction before the test used for early stopping")
	positive := fs.Float64("positive", 4, "lowest rating that counts as a click")
	curve := fs.String("curve", "", "write the training curve to this PNG: training and validation BCE, validation AUC (and the --stop score) per epoch")
	var imp implicitFlags
	imp.register(fs)
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *data == "" || *out == "" {
		return usagef("--data and --out are required")
	}
	if err := resolveArch(fs, *config, *deep, &arch); err != nil {
		return err
	}
	cfg.LR = float32(*lr)
	if cfg.LR == 0 && *model == runtime.RankLR {
		cfg.LR = 1e-2
	}
	cfg.Log = stderr
	var res rank.Result
	var err error
	if imp.on {
		res, err = trainRankImplicit(ctx, *model, *data, *out, arch, cfg, &imp, stdout)
	} else {
		res, err = trainRank(ctx, *model, *data, *out, arch, cfg, *testFrac, *validFrac, float32(*positive), stdout)
	}
	if err != nil {
		return err
	}
	return writeCharts(*curve, rank.Charts(res.History)...)
}

// resolveArch applies the config file, then the flags set explicitly.
func resolveArch(fs *flag.FlagSet, config, deep string, arch *rankArch) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	flags := *arch
	if config != "" {
		raw, err := os.ReadFile(config)
		if err != nil {
			return err
		}
		dec := json.NewDecoder(strings.NewReader(string(raw)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(arch); err != nil {
			return usagef("--config %s: %v", config, err)
		}
	}
	for name, apply := range map[string]func(){
		"embed-dim": func() { arch.EmbedDim = flags.EmbedDim }, "cross-layers": func() { arch.Cross.Layers = flags.Cross.Layers },
		"cross-rank": func() { arch.Cross.Rank = flags.Cross.Rank }, "experts": func() { arch.Cross.Experts = flags.Cross.Experts },
		"stacked": func() { arch.Stacked = flags.Stacked },
	} {
		if set[name] {
			apply()
		}
	}
	if config == "" || set["deep"] {
		arch.Deep = nil
		for _, s := range strings.Split(deep, ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			h, err := strconv.Atoi(s)
			if err != nil || h < 1 {
				return usagef("--deep %q: want positive widths", deep)
			}
			arch.Deep = append(arch.Deep, h)
		}
	}
	return nil
}

func trainRank(ctx context.Context, model, dir, out string, arch rankArch, cfg rank.Config, testFrac, validFrac float64, positive float32, stdout io.Writer) (res rank.Result, err error) {
	d, err := rank.LoadMovieLens100K(dir, rank.MovieLensOptions{PositiveRating: positive})
	if err != nil {
		return res, err
	}
	sp, err := rank.SplitByUserTime(&d.Examples, testFrac, validFrac)
	if err != nil {
		return res, usagef("%v", err)
	}
	m, err := newRankModel(d, model, arch, cfg.Seed)
	if err != nil {
		return res, err
	}
	res, err = rank.Train(ctx, m, d, &sp, cfg)
	if err != nil {
		return res, err
	}
	fmt.Fprintf(stdout, "%s: valid AUC %.4f logloss %.4f; test AUC %.4f logloss %.4f (%d test events, best epoch %d of %d, %.1fs)\n",
		model, res.Valid.AUC, res.Valid.LogLoss, res.Test.AUC, res.Test.LogLoss, res.Test.N, res.BestEpoch, res.Epochs, res.Seconds)
	return res, writeRanker(m, d, dir, out, model, sp.Train.Len(), res, nil, stdout)
}

func newRankModel(d *rank.Data, model string, arch rankArch, seed uint64) (*rank.Model, error) {
	spec := d.Spec()
	spec.Model, spec.EmbedDim, spec.Cross, spec.Deep, spec.Stacked = model, arch.EmbedDim, arch.Cross, arch.Deep, arch.Stacked
	if model != runtime.RankDCN {
		spec.Cross = runtime.CrossSpec{}
	}
	m, err := rank.NewModel(spec, seed)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return m, nil
}

// writeRanker writes m as a ranker bundle with the run's facts in its manifest.
func writeRanker(m *rank.Model, d *rank.Data, dir, out, model string, interactions int, res rank.Result, params map[string]string, stdout io.Writer) error {
	p := map[string]string{"model": model}
	for k, v := range params {
		p[k] = v
	}
	man := modelpack.Manifest{Name: filepath.Base(filepath.Clean(dir)), CreatedAt: time.Now().UTC(),
		Training: modelpack.Training{Source: dir, Users: d.Users.Rows, Items: d.Items.Rows, Interactions: interactions,
			Epochs: res.Epochs, Seconds: res.Seconds, Params: p},
		Metrics: map[string]float64{"valid.auc": res.Valid.AUC, "valid.logloss": res.Valid.LogLoss,
			"test.auc": res.Test.AUC, "test.logloss": res.Test.LogLoss}}
	if params != nil {
		man.Metrics["valid.score"] = res.BestScore
	}
	b, err := m.Bundle(d, man)
	if err != nil {
		return err
	}
	if err := b.WriteFile(out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", out)
	return nil
}
