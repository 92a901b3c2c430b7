package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train"
	"github.com/corerec/corerec/train/lightgcn"
	"github.com/corerec/corerec/train/mf"
	"github.com/corerec/corerec/train/twotower"
)

// modelFlags choose the model and its hyper-parameters: defaults, then a JSON config file, then flags.
type modelFlags struct {
	kind   string
	config string
	mf     mf.Config
	tt     ttFlags
	lg     lgFlags
	quiet  bool
	curve  string // PNG of the training curve, when set
	// validUsers caps the validation cases early stopping scores (a seeded sample; 0 keeps all).
	validUsers int
}

func (m *modelFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&m.kind, "model", "mf", "model kind: mf (matrix factorisation, BPR loss), twotower (flags marked twotower:) or lightgcn (flags marked lightgcn:, and --batch)")
	fs.StringVar(&m.config, "config", "", "JSON file of hyper-parameters (mf: keys as the flags below: dim, epochs, lr, reg, init_std, workers, seed, patience, eval_every; twotower: the JSON keys of twotower.Config); unknown keys are rejected; flags override it")
	fs.IntVar(&m.mf.Dim, "dim", 64, "embedding dimension")
	fs.IntVar(&m.mf.Epochs, "epochs", 100, "maximum training epochs")
	fs.Var(float32Flag{&m.mf.LearningRate}, "lr", "learning rate (default 0.05)")
	fs.Var(float32Flag{&m.mf.LRDecay}, "lr-decay", "multiply the learning rate by this after each validation evaluation without improvement (reduce on plateau; default 0: off)")
	fs.Var(float32Flag{&m.mf.Reg}, "reg", "L2 regularisation per update (default 0.005)")
	fs.Var(float32Flag{&m.mf.InitStd}, "init-std", "standard deviation of the initial vectors (default 0.1)")
	fs.IntVar(&m.mf.Workers, "workers", 0, "training goroutines (default: all cores; 1 makes a run reproducible)")
	fs.Int64Var(&m.mf.Seed, "seed", 1, "random seed")
	fs.IntVar(&m.mf.Patience, "patience", 10, "stop after this many epochs without a better validation NDCG@10")
	fs.IntVar(&m.mf.EvalEvery, "eval-every", 1, "evaluate on the validation users every this many epochs")
	fs.IntVar(&m.mf.Negatives, "negatives", 10, "negatives drawn per update; the highest-scored is used (dynamic negative sampling)")
	fs.StringVar(&m.mf.Sampling, "sampling", "", "mf, lightgcn: an epoch's (user, positive) pairs: pairs (default: every interaction once, shuffled) or users (as many draws of a uniform user and one of their items: every user weighs the same)")
	fs.BoolVar(&m.mf.Bias, "bias", false, "learn an item bias (packed as one extra dimension)")
	fs.BoolVar(&m.quiet, "quiet", false, "no progress bars")
	fs.StringVar(&m.curve, "curve", "", "write the training curve to this PNG: loss per epoch, validation NDCG@10, and the learning rate when it changed")
	fs.IntVar(&m.validUsers, "valid-users", 0, "score early stopping on a fixed random sample of this many validation users (0: all); full ranking of every user each evaluation dominates training time on large catalogues")
	m.tt.register(fs)
	m.lg.register(fs)
}

// resolve applies the config file under the flags the user set explicitly.
func (m *modelFlags) resolve(fs *flag.FlagSet) error {
	switch m.kind {
	case "twotower":
		return m.tt.resolve(fs, m)
	case "lightgcn":
		return m.lg.resolve(fs, m)
	case "mf":
	default:
		return usagef("--model %q: this build knows mf, twotower and lightgcn", m.kind)
	}
	var ttFlag, lgFlag string
	fs.Visit(func(f *flag.Flag) {
		if m.tt.isTT(f.Name) {
			ttFlag = f.Name
		}
		if isLG(f.Name) {
			lgFlag = f.Name
		}
	})
	if ttFlag != "" {
		return usagef("--%s applies to --model twotower only", ttFlag)
	}
	if lgFlag == "checkpoint" {
		return usagef("--checkpoint applies to --model lightgcn, sasrec and bert4rec only")
	}
	if lgFlag != "" {
		return usagef("--%s applies to --model lightgcn only", lgFlag)
	}
	if m.config == "" {
		return nil
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	explicit := m.mf
	raw, err := os.ReadFile(m.config)
	if err != nil {
		return err
	}
	var cfg mf.Config
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return fmt.Errorf("config %s: %w", m.config, err)
	}
	m.mf = cfg
	for name, apply := range map[string]func(){
		"dim": func() { m.mf.Dim = explicit.Dim }, "epochs": func() { m.mf.Epochs = explicit.Epochs },
		"lr": func() { m.mf.LearningRate = explicit.LearningRate }, "reg": func() { m.mf.Reg = explicit.Reg },
		"init-std": func() { m.mf.InitStd = explicit.InitStd }, "workers": func() { m.mf.Workers = explicit.Workers },
		"seed": func() { m.mf.Seed = explicit.Seed }, "patience": func() { m.mf.Patience = explicit.Patience },
		"eval-every": func() { m.mf.EvalEvery = explicit.EvalEvery },
		"lr-decay":   func() { m.mf.LRDecay = explicit.LRDecay },
		"sampling":   func() { m.mf.Sampling = explicit.Sampling },
		"negatives":  func() { m.mf.Negatives = explicit.Negatives }, "bias": func() { m.mf.Bias = explicit.Bias },
	} {
		if set[name] {
			apply()
		}
	}
	return nil
}

type float32Flag struct{ p *float32 }

func (f float32Flag) String() string {
	if f.p == nil {
		return "0"
	}
	return strconv.FormatFloat(float64(*f.p), 'g', -1, 32)
}

func (f float32Flag) Set(s string) error {
	v, err := strconv.ParseFloat(s, 32)
	*f.p = float32(v)
	return err
}

// trained is a model fitted on prepared data, with its test report when the split has one.
type trained struct {
	model   *mf.Model
	epochs  []mf.Epoch
	seconds float64
	test    *eval.Report
	cfg     mf.Config
	best    mf.Epoch // the epoch whose weights were kept (zero without validation)

	tt       *twotower.Model // set instead of model for --model twotower
	ttEpochs []twotower.Epoch

	lg       *lightgcn.Model // set instead of model for --model lightgcn
	lgEpochs []lightgcn.Epoch
	lgCfg    lightgcn.Config
}

func fit(ctx context.Context, p *prepared, m *modelFlags, stderr io.Writer) (*trained, error) {
	switch m.kind {
	case "twotower":
		return fitTwoTower(ctx, p, m, stderr)
	case "lightgcn":
		return fitLightGCN(ctx, p, m, stderr)
	}
	cfg := m.mf
	if !m.quiet {
		cfg.Progress = stderr
	}
	start := time.Now()
	model, epochs, err := mf.Train(ctx, mf.Input{
		NumUsers: p.ds.Users.Len(), NumItems: p.ds.Items.Len(), Train: p.train, Valid: sampleCases(p.valid, m.validUsers),
	}, cfg)
	if err != nil {
		return nil, err
	}
	t := &trained{model: model, epochs: epochs, seconds: time.Since(start).Seconds(), cfg: cfg.WithDefaults()}
	for _, e := range epochs {
		if e.Best {
			t.best = e
		}
	}
	if t.best.Epoch > 0 {
		fmt.Fprintf(stderr, "best epoch %d of %d: validation ndcg@10 %.4f (%.1fs)\n", t.best.Epoch, len(epochs), t.best.NDCG10, t.seconds)
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

// embeddings turns a trained model into the exportable form with the data's ids and summary.
func (t *trained) embeddings(p *prepared, source string) *train.Embeddings {
	man := modelpack.Manifest{
		Kind: modelpack.KindMF, Name: filepath.Base(source), CreatedAt: time.Now().UTC(), Metric: modelpack.MetricDot,
		Training: modelpack.Training{
			Source: source, Users: p.ds.Users.Len(), Items: p.ds.Items.Len(), Interactions: len(p.ds.Rows),
			Epochs: len(t.epochs), Seconds: t.seconds, Params: mfParams(t.cfg),
		},
		Metrics: map[string]float64{},
	}
	if t.test != nil {
		for k, v := range t.test.JSON() {
			man.Metrics["test."+k] = v
		}
	}
	users, items, dim := t.model.U, t.model.V, t.model.Dim
	if t.cfg.Bias {
		users, items, dim = t.model.Augmented()
	}
	return &train.Embeddings{
		Manifest: man, Dim: dim, Items: items, Users: users,
		ItemIDs: p.ds.Items.IDs(), UserIDs: p.ds.Users.IDs(), Seen: p.seen,
		Popularity: train.Popularity(p.train, p.ds.Items.Len()), Attributes: p.attrs,
	}
}

func mfParams(c mf.Config) map[string]string {
	f := func(v float32) string { return strconv.FormatFloat(float64(v), 'g', -1, 32) }
	return map[string]string{
		"dim": strconv.Itoa(c.Dim), "epochs": strconv.Itoa(c.Epochs), "lr": f(c.LearningRate), "reg": f(c.Reg),
		"init_std": f(c.InitStd), "workers": strconv.Itoa(c.Workers), "seed": strconv.FormatInt(c.Seed, 10),
		"patience": strconv.Itoa(c.Patience), "eval_every": strconv.Itoa(c.EvalEvery),
		"negatives": strconv.Itoa(c.Negatives), "bias": strconv.FormatBool(c.Bias),
	}
}

// sampleCases returns n of the cases chosen with a fixed seed (in their original order), or all of them
// when n is 0 or not smaller than their number.
func sampleCases(cases []eval.Case, n int) []eval.Case {
	if n <= 0 || n >= len(cases) {
		return cases
	}
	r := rand.New(rand.NewPCG(0x76616c6964, uint64(n)))
	pick := r.Perm(len(cases))[:n]
	slices.Sort(pick)
	out := make([]eval.Case, n)
	for k, i := range pick {
		out[k] = cases[i]
	}
	return out
}
