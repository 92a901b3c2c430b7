package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/internal/plot"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train"
	"github.com/corerec/corerec/train/lightgcn"
)

// lgFlags are the LightGCN-only flags; the shared ones (dim, epochs, lr, reg, init-std, workers, seed,
// patience, eval-every, lr-decay, sampling, and the Two-Tower's batch) are read from the mf and Two-Tower flags.
type lgFlags struct {
	layers     int
	maxTime    time.Duration
	checkpoint string
	init       string
	testEvery  int
	cfg        lightgcn.Config // resolved
}

func (l *lgFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&l.layers, "layers", 3, "lightgcn: propagation layers K (the final vector is the mean of layers 0..K)")
	fs.DurationVar(&l.maxTime, "max-time", 0, "lightgcn: stop starting new epochs after this long (e.g. 90m), keeping the best validation epoch (default none)")
	fs.StringVar(&l.init, "init", lightgcn.InitNormal, "lightgcn: initial table, normal (N(0, init-std²), as the reference PyTorch code) or xavier (Glorot uniform per table, as the paper's TensorFlow code)")
	fs.IntVar(&l.testEvery, "test-every", 0, "lightgcn: score the --test cases every this many epochs and after the last, recording Recall@20 and NDCG@20 in the epoch history (a test curve, as the LightGCN paper's code prints; never used to stop, decay or choose the model); default never")
	fs.StringVar(&l.checkpoint, "checkpoint", "", "lightgcn: save the training state to this file after every epoch, and resume from it if it exists (exactly: Adam's moments and the learning-rate schedule included); with --epochs at or below the checkpoint's epoch count nothing is trained and the bundle holds its best epoch (the model of a run that is still going, or was stopped)")
}

// isLG reports whether name is a LightGCN-only flag.
func isLG(name string) bool {
	return name == "layers" || name == "max-time" || name == "checkpoint" || name == "init" || name == "test-every"
}

// lgShared copies the flags shared with mf (and --batch) into a lightgcn.Config.
var lgShared = map[string]func(c *lightgcn.Config, m *modelFlags, fs *flag.FlagSet){
	"dim":        func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.Dim = m.mf.Dim },
	"epochs":     func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.Epochs = m.mf.Epochs },
	"lr":         func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.LearningRate = m.mf.LearningRate },
	"reg":        func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.Reg = m.mf.Reg },
	"init-std":   func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.InitStd = m.mf.InitStd },
	"workers":    func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.Workers = m.mf.Workers },
	"seed":       func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.Seed = m.mf.Seed },
	"patience":   func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.Patience = m.mf.Patience },
	"eval-every": func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.EvalEvery = m.mf.EvalEvery },
	"layers":     func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.Layers = m.lg.layers },
	"max-time":   func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.MaxSeconds = m.lg.maxTime.Seconds() },
	"checkpoint": func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.Checkpoint = m.lg.checkpoint },
	"init":       func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.Init = m.lg.init },
	"test-every": func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.TestEvery = m.lg.testEvery },
	"lr-decay":   func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.LRDecay = m.mf.LRDecay },
	"sampling":   func(c *lightgcn.Config, m *modelFlags, _ *flag.FlagSet) { c.Sampling = m.mf.Sampling },
	"batch": func(c *lightgcn.Config, _ *modelFlags, fs *flag.FlagSet) {
		c.BatchSize, _ = strconv.Atoi(fs.Lookup("batch").Value.String())
	},
}

// resolve builds the LightGCN configuration: the JSON config file (keys of lightgcn.Config; unknown keys
// rejected), then the flags set on the command line. Flags of the other models are errors.
func (l *lgFlags) resolve(fs *flag.FlagSet, m *modelFlags) error {
	var cfg lightgcn.Config
	if m.config != "" {
		raw, err := os.ReadFile(m.config)
		if err != nil {
			return err
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&cfg); err != nil {
			return fmt.Errorf("config %s: %w", m.config, err)
		}
	}
	var bad error
	stdSet := false
	fs.Visit(func(f *flag.Flag) {
		stdSet = stdSet || f.Name == "init-std"
		if set := lgShared[f.Name]; set != nil {
			set(&cfg, m, fs)
			return
		}
		if m.tt.isTT(f.Name) || f.Name == "negatives" || f.Name == "bias" {
			bad = usagef("--%s does not apply to --model lightgcn", f.Name)
		}
	})
	if bad == nil && cfg.Init == lightgcn.InitXavier && stdSet {
		bad = usagef("--init-std applies to --init normal only")
	}
	l.cfg = cfg
	return bad
}

// fitLightGCN trains LightGCN on prepared data and evaluates it on the test cases.
func fitLightGCN(ctx context.Context, p *prepared, m *modelFlags, stderr io.Writer) (*trained, error) {
	cfg := m.lg.cfg
	if !m.quiet {
		cfg.Progress = stderr
	}
	if cfg.TestEvery != 0 && !p.hasTest {
		return nil, usagef("--test-every needs --test")
	}
	in := lightgcn.Input{NumUsers: p.ds.Users.Len(), NumItems: p.ds.Items.Len(), Train: p.train, Valid: sampleCases(p.valid, m.validUsers)}
	if cfg.TestEvery > 0 {
		in.Test = p.test
	}
	start := time.Now()
	model, epochs, err := lightgcn.Train(ctx, in, cfg)
	if err != nil {
		return nil, err
	}
	t := &trained{lg: model, lgEpochs: epochs, seconds: time.Since(start).Seconds(), lgCfg: cfg.WithDefaults()}
	var best lightgcn.Epoch
	for _, e := range epochs {
		if e.Best {
			best = e
		}
	}
	if best.Epoch > 0 {
		fmt.Fprintf(stderr, "best epoch %d of %d: validation ndcg@10 %.4f (%.1fs)\n", best.Epoch, len(epochs), best.NDCG10, t.seconds)
	}
	if line := testCurveSummary(lgCurve(epochs)); line != "" {
		fmt.Fprintln(stderr, line)
	}
	if p.hasTest {
		rep, err := eval.Evaluate(ctx, model, p.test, eval.Options{})
		if err != nil {
			return nil, err
		}
		t.test = &rep
	}
	return t, nil
}

// testCurveSummary describes a run's test curve (Config.TestEvery): how many epochs were scored, the last
// one, and the epoch with the highest test Recall@20 — the figure the LightGCN paper's code reports, which is
// chosen on the test set and so says how high the curve went, not how good a model chosen blind would be.
// Empty when no epoch was scored.
func testCurveSummary(epochs []plot.Epoch) string {
	var n int
	var last, top plot.Epoch
	for _, e := range epochs {
		if !e.Tested {
			continue
		}
		n++
		last = e
		if top.Epoch == 0 || e.TestRecall20 > top.TestRecall20 {
			top = e
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("test curve: %d epochs scored; last (%d) recall@20 %.4f ndcg@20 %.4f; highest recall@20 at epoch %d: %.4f, ndcg@20 %.4f (chosen on test)",
		n, last.Epoch, last.TestRecall20, last.TestNDCG20, top.Epoch, top.TestRecall20, top.TestNDCG20)
}

// lgEmbeddings is the exportable form of a trained LightGCN: its final vectors with the data's ids.
func (t *trained) lgEmbeddings(p *prepared, source string) *train.Embeddings {
	cfg, _ := json.Marshal(t.lgCfg)
	man := modelpack.Manifest{
		Name: filepath.Base(source), CreatedAt: time.Now().UTC(), Metric: modelpack.MetricDot,
		Training: modelpack.Training{
			Source: source, Users: p.ds.Users.Len(), Items: p.ds.Items.Len(), Interactions: len(p.ds.Rows),
			Epochs: len(t.lgEpochs), Seconds: t.seconds, Params: map[string]string{"config": string(cfg)},
		},
		Metrics: map[string]float64{},
	}
	if t.test != nil {
		for k, v := range t.test.JSON() {
			man.Metrics["test."+k] = v
		}
	}
	return t.lg.Embeddings(train.Embeddings{
		Manifest: man, ItemIDs: p.ds.Items.IDs(), UserIDs: p.ds.Users.IDs(), Seen: p.seen,
		Popularity: train.Popularity(p.train, p.ds.Items.Len()), Attributes: p.attrs,
	})
}
