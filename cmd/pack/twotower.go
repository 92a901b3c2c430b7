package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train"
	"github.com/corerec/corerec/train/mf"
	"github.com/corerec/corerec/train/twotower"
)

// ttFlags are the Two-Tower flags. Each records how to copy its value into a twotower.Config, so that
// only the flags given on the command line override the JSON config file.
type ttFlags struct {
	apply        map[string]func(*twotower.Config)
	userFeatures string
	itemFeatures string
	// modalities and itemAttributes are the item tower's modality files (flags, else the config file).
	modalities     []modalitySource
	itemAttributes string
	cfg            twotower.Config // resolved
}

// sharedWithMF are the mf flags that also set a Two-Tower hyper-parameter.
func sharedWithMF(m *mf.Config) map[string]func(*twotower.Config) {
	return map[string]func(*twotower.Config){
		"dim": func(c *twotower.Config) { c.Dim = m.Dim }, "epochs": func(c *twotower.Config) { c.Epochs = m.Epochs },
		"lr":      func(c *twotower.Config) { c.LearningRate = m.LearningRate },
		"workers": func(c *twotower.Config) { c.Workers = m.Workers }, "seed": func(c *twotower.Config) { c.Seed = m.Seed },
		"patience":   func(c *twotower.Config) { c.Patience = m.Patience },
		"eval-every": func(c *twotower.Config) { c.EvalEvery = m.EvalEvery },
		"negatives":  func(c *twotower.Config) { c.Negatives = m.Negatives },
		"init-std":   func(c *twotower.Config) { c.InitStd = m.InitStd },
		"lr-decay":   func(c *twotower.Config) { c.LRDecay = m.LRDecay },
	}
}

func (t *ttFlags) register(fs *flag.FlagSet) {
	t.apply = map[string]func(*twotower.Config){}
	str := func(name, usage string, set func(*twotower.Config, string)) {
		p := fs.String(name, "", usage)
		t.apply[name] = func(c *twotower.Config) { set(c, *p) }
	}
	f32 := func(name, usage string, set func(*twotower.Config, float32)) {
		var v float32
		fs.Var(float32Flag{&v}, name, usage)
		t.apply[name] = func(c *twotower.Config) { set(c, v) }
	}
	num := func(name, usage string, set func(*twotower.Config, int)) {
		p := fs.Int(name, 0, usage)
		t.apply[name] = func(c *twotower.Config) { set(c, *p) }
	}
	boolean := func(name, usage string, set func(*twotower.Config, bool)) {
		p := fs.Bool(name, false, usage)
		t.apply[name] = func(c *twotower.Config) { set(c, *p) }
	}
	str("loss", "twotower: inbatch (default), mixed (in-batch plus --negatives uniform items), sampled, bce or bpr", func(c *twotower.Config, s string) { c.Loss = s })
	f32("temperature", "twotower: softmax temperature (default 0.05 with normalised outputs, 1 without)", func(c *twotower.Config, v float32) { c.Temperature = v })
	boolean("learn-temperature", "twotower: learn the temperature (inbatch)", func(c *twotower.Config, b bool) { c.LearnTemperature = b })
	f32("logq", "twotower: strength of the log-Q correction (default 1; negative disables)", func(c *twotower.Config, v float32) { c.LogQ = v })
	f32("sampler-alpha", "twotower: negative sampler weights count^alpha (default 0.75 for sampled, 0 = uniform for bce/bpr)", func(c *twotower.Config, v float32) { c.SamplerAlpha = v })
	num("batch", "twotower: examples per step (default 1024)", func(c *twotower.Config, n int) { c.BatchSize = n })
	str("hidden", "twotower: hidden layer widths of both towers, e.g. 128 or 256,128 (default none)", func(c *twotower.Config, s string) {
		h, _ := parseWidths(s) // checked in resolve
		c.User.Hidden, c.Item.Hidden = h, h
	})
	num("id-dim", "twotower: ID embedding size of both towers (default --dim)", func(c *twotower.Config, n int) { c.User.IDDim, c.Item.IDDim = n, n })
	str("activation", "twotower: hidden activation: relu (default), gelu, gelu_tanh, tanh, sigmoid, none", func(c *twotower.Config, s string) { c.User.Activation, c.Item.Activation = s, s })
	boolean("identity", "twotower: ID-only towers without layers: the output is the ID embedding (matrix factorisation with these losses)", func(c *twotower.Config, b bool) { c.User.Identity, c.Item.Identity = b, b })
	num("user-history", "twotower: the user tower also reads the mean embedding of the user's training items, at most this many drawn per example (default 0: off)", func(c *twotower.Config, n int) { c.User.History = n })
	boolean("no-user-id", "twotower: the user tower reads only --user-features", func(c *twotower.Config, b bool) { c.User.NoID = b })
	boolean("no-item-id", "twotower: the item tower reads only --item-features", func(c *twotower.Config, b bool) { c.Item.NoID = b })
	f32("user-id-dropout", "twotower: probability of replacing a user id by the unknown id in training (cold start)", func(c *twotower.Config, v float32) { c.User.IDDropout = v })
	f32("item-id-dropout", "twotower: the same for item ids", func(c *twotower.Config, v float32) { c.Item.IDDropout = v })
	boolean("no-normalize", "twotower: do not L2-normalise the tower outputs", func(c *twotower.Config, b bool) { c.NoNormalize = b })
	str("optimizer", "twotower: adam (default), adamw, adagrad or sgd", func(c *twotower.Config, s string) { c.Optimizer = s })
	f32("weight-decay", "twotower: optimizer weight decay (default 0)", func(c *twotower.Config, v float32) { c.WeightDecay = v })
	f32("clip-norm", "twotower: clip the gradient norm to this (default 0: off)", func(c *twotower.Config, v float32) { c.ClipNorm = v })
	fs.StringVar(&t.userFeatures, "user-features", "", "twotower: user feature CSV: header id,f1,f2,..., then one line per user")
	fs.StringVar(&t.itemFeatures, "item-features", "", "twotower: item feature CSV, as --user-features")
	str("fusion", "twotower: fuse the item modalities by concat (default), weighted (learned softmax weights), attention (learned query) or gated (sigmoid gates)", func(c *twotower.Config, s string) { c.Fusion.Strategy = s })
	num("fusion-width", "twotower: common width the item modalities are projected to (default --dim)", func(c *twotower.Config, n int) { c.Fusion.Width = n })
	fs.Var(modalityFlag{&t.modalities}, "modality", "twotower: an item modality NAME=FILE.npy,ids=IDS.txt (repeatable): a float32/float64 .npy matrix, row r for the item on line r of IDS.txt; "+
		"data items without a row have the modality masked; rows of items the data lacks are packed as NEW items (cold start), their vectors computed from their modalities alone")
	fs.StringVar(&t.itemAttributes, "item-attributes", "", `twotower: item attributes as a modality: JSON {"item": [attribute, ...]} (numbers or strings, e.g. Beauty_item2attributes.json), embedded as a mean bag; items of ids the data lacks are packed as new items`)
}

// isTT reports whether name is a Two-Tower-only flag.
func (t *ttFlags) isTT(name string) bool {
	_, ok := t.apply[name]
	return ok || name == "user-features" || name == "item-features" || name == "modality" || name == "item-attributes"
}

// resolve builds the Two-Tower configuration: the JSON config file (if any), then the flags set on the
// command line.
func (t *ttFlags) resolve(fs *flag.FlagSet, m *modelFlags) error {
	var cfg twotower.Config
	if m.config != "" {
		fc, err := decodeTTConfig(m.config)
		if err != nil {
			return err
		}
		cfg = fc.Config
		if len(t.modalities) == 0 {
			t.modalities = fc.Modalities
		}
		if t.itemAttributes == "" {
			t.itemAttributes = fc.ItemAttributes
		}
	}
	shared := sharedWithMF(&m.mf)
	var bad error
	fs.Visit(func(f *flag.Flag) {
		switch {
		case f.Name == "reg" || f.Name == "bias":
			bad = usagef("--%s applies to --model mf only", f.Name)
		case f.Name == "sampling":
			bad = usagef("--sampling applies to --model mf and lightgcn only")
		case isLG(f.Name):
			bad = usagef("--%s applies to --model lightgcn only", f.Name)
		case f.Name == "hidden":
			if _, err := parseWidths(f.Value.String()); err != nil {
				bad = err
			}
		}
		if set := shared[f.Name]; set != nil {
			set(&cfg)
		}
		if set := t.apply[f.Name]; set != nil {
			set(&cfg)
		}
	})
	t.cfg = cfg
	return bad
}

// parseWidths parses "128,64" (or "" for none).
func parseWidths(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, usagef("--hidden %q: want positive widths separated by commas", s)
		}
		out = append(out, n)
	}
	return out, nil
}

// fitTwoTower trains a Two-Tower model on prepared data and evaluates it on the test cases.
func fitTwoTower(ctx context.Context, p *prepared, m *modelFlags, stderr io.Writer) (*trained, error) {
	cfg := m.tt.cfg
	if !m.quiet {
		cfg.Progress = stderr
	}
	in := twotower.Input{NumUsers: p.ds.Users.Len(), NumItems: p.ds.Items.Len(), Train: p.train, Valid: sampleCases(p.valid, m.validUsers)}
	var err error
	if in.UserFeatures, err = loadFeatures(m.tt.userFeatures, "user", p, stderr); err != nil {
		return nil, err
	}
	if in.ItemFeatures, err = loadFeatures(m.tt.itemFeatures, "item", p, stderr); err != nil {
		return nil, err
	}
	var im *itemModalities
	if len(m.tt.modalities) > 0 || m.tt.itemAttributes != "" {
		if im, err = loadItemModalities(m.tt.modalities, m.tt.itemAttributes, p, stderr); err != nil {
			return nil, err
		}
		in.ItemModalities, in.ItemAttributes = im.mods, im.attrs
	}
	start := time.Now()
	model, epochs, err := twotower.Train(ctx, in, cfg)
	if err != nil {
		return nil, err
	}
	t := &trained{tt: model, ttEpochs: epochs, seconds: time.Since(start).Seconds()}
	if im != nil && len(im.newIDs) > 0 {
		if err := model.AddItems(im.newIDs, im.newItems); err != nil {
			return nil, err
		}
		fmt.Fprintf(stderr, "new items: %d packed from their modalities alone (cold start)\n", len(im.newIDs))
	}
	var best twotower.Epoch
	for _, e := range epochs {
		if e.Best {
			best = e
		}
	}
	if best.Epoch > 0 {
		fmt.Fprintf(stderr, "best epoch %d of %d: validation ndcg@10 %.4f (%.1fs)\n", best.Epoch, len(epochs), best.NDCG10, t.seconds)
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

func loadFeatures(path, side string, p *prepared, log io.Writer) (*twotower.Features, error) {
	if path == "" {
		return nil, nil
	}
	ids := p.ds.Users
	if side == "item" {
		ids = p.ds.Items
	}
	f, err := twotower.LoadFeatures(path, ids)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(log, "%s features: %s: %d columns; %d %ss without a line (column means), %d lines for ids not in the data\n",
		side, path, f.Dim, f.Missing, side, f.Unknown)
	return f, nil
}

// builder assembles the bundle of a trained model.
func (t *trained) builder(p *prepared, source string, opt train.PackOptions) (*modelpack.Builder, error) {
	if t.lg != nil {
		return t.lgEmbeddings(p, source).Builder(opt)
	}
	if t.tt == nil {
		return t.embeddings(p, source).Builder(opt)
	}
	cfg, err := json.Marshal(t.tt.Config)
	if err != nil {
		return nil, err
	}
	man := modelpack.Manifest{
		Name: filepath.Base(source), CreatedAt: time.Now().UTC(),
		Training: modelpack.Training{
			Source: source, Users: p.ds.Users.Len(), Items: p.ds.Items.Len(), Interactions: len(p.ds.Rows),
			Epochs: len(t.ttEpochs), Seconds: t.seconds, Params: map[string]string{"config": string(cfg)},
		},
		Metrics: map[string]float64{"temperature": float64(t.tt.Temperature())},
	}
	if t.test != nil {
		for k, v := range t.test.JSON() {
			man.Metrics["test."+k] = v
		}
	}
	return t.tt.Builder(train.Embeddings{
		Manifest: man, ItemIDs: p.ds.Items.IDs(), UserIDs: p.ds.Users.IDs(), Seen: p.seen,
		Popularity: train.Popularity(p.train, p.ds.Items.Len()), Attributes: p.attrs,
	}, opt)
}

// numEpochs is the number of epochs trained.
func (t *trained) numEpochs() int {
	if t.tt != nil {
		return len(t.ttEpochs)
	}
	if t.lg != nil {
		return len(t.lgEpochs)
	}
	return len(t.epochs)
}
