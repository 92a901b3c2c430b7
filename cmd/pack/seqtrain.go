package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/internal/plot"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train"
	"github.com/corerec/corerec/train/seq"
)

// seqModel reports whether the command line asks for a sequential model (--model sasrec|bert4rec), whose
// commands have their own flags.
func seqModel(args []string) bool {
	for i, a := range args {
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "model" {
			continue
		}
		if !hasVal && i+1 < len(args) {
			val = args[i+1]
		}
		return val == seq.SASRec || val == seq.BERT4Rec
	}
	return false
}

// seqFlags are the hyper-parameters of train/seq: a JSON config file first, then the flags given.
type seqFlags struct {
	cfg   seq.Config
	quiet bool
	curve string
}

func (s *seqFlags) register(fs *flag.FlagSet) {
	c := &s.cfg
	fs.StringVar(&c.Model, "model", c.Model, "model kind: sasrec (causal transformer) or bert4rec (bidirectional, masked items)")
	fs.String("config", "", "JSON file of hyper-parameters (keys: model, max_len, dim, blocks, heads, ffn_dim, activation, block, init, windows, dropout, loss, mask_prob, batch_size, epochs, lr, weight_decay, warmup_steps, init_std, workers, seed, patience, eval_every, max_seconds, checkpoint); unknown keys are rejected; flags override it")
	fs.IntVar(&c.MaxLen, "max-len", c.MaxLen, "longest window in items, the most recent kept (0 = 200)")
	fs.IntVar(&c.Dim, "dim", c.Dim, "embedding and model dimension (0 = 64)")
	fs.IntVar(&c.Blocks, "blocks", c.Blocks, "transformer blocks (0 = 2)")
	fs.IntVar(&c.Heads, "heads", c.Heads, "attention heads (0 = 1 for sasrec, 2 for bert4rec)")
	fs.IntVar(&c.FFNDim, "ffn-dim", c.FFNDim, "feed-forward width (0 = dim for sasrec, 4·dim for bert4rec)")
	fs.StringVar(&c.Activation, "activation", c.Activation, "feed-forward activation: relu, gelu or gelu_tanh (default relu for sasrec, gelu for bert4rec)")
	fs.StringVar(&c.Block, "block", c.Block, "block layout: pre (pre-norm, default), sasrec (the SASRec code's: layer norm on the queries only, residuals from the normalised rows) or bert (BERT's post-norm, as BERT4Rec's code: a layer norm on the input embeddings and after each residual)")
	fs.StringVar(&c.Init, "init", c.Init, "initialisation: normal (default) or torch (query/key/value projection Glorot-uniform, as PyTorch's MultiheadAttention)")
	fs.StringVar(&c.Windows, "windows", c.Windows, "training windows of a history longer than max-len: last (the newest window only, as the published code; default) or all (the older items too, in consecutive windows)")
	fs.Var(float32Flag{&c.Dropout}, "dropout", "dropout rate (0 = 0.1; negative for none)")
	fs.StringVar(&c.Loss, "loss", c.Loss, "sasrec loss: ce (softmax over the whole catalog, default) or bce (one sampled negative)")
	fs.Var(float32Flag{&c.MaskProb}, "mask-prob", "bert4rec: share of items masked in training (0 = 0.2)")
	fs.IntVar(&c.BatchSize, "batch", c.BatchSize, "sequences per step (0 = 128)")
	fs.IntVar(&c.Epochs, "epochs", c.Epochs, "maximum epochs (0 = 200)")
	fs.Var(float32Flag{&c.LearningRate}, "lr", "Adam learning rate (0 = 0.001)")
	fs.IntVar(&c.WarmupSteps, "warmup", c.WarmupSteps, "raise the learning rate linearly over this many first steps of a run (also after --checkpoint resumes; default 0)")
	fs.Var(float32Flag{&c.WeightDecay}, "weight-decay", "AdamW decoupled weight decay (default 0)")
	fs.Var(float32Flag{&c.InitStd}, "init-std", "standard deviation of the initial weights (0 = 0.02)")
	fs.IntVar(&c.Workers, "workers", c.Workers, "goroutines per step (0 = all cores)")
	fs.Int64Var(&c.Seed, "seed", c.Seed, "random seed (0 = 1)")
	fs.IntVar(&c.Patience, "patience", c.Patience, "stop after this many evaluations without a better validation NDCG@10 (0 = 10 for sasrec, 20 for bert4rec)")
	fs.IntVar(&c.EvalEvery, "eval-every", c.EvalEvery, "evaluate on the validation users every this many epochs (0 = 1)")
	fs.Func("max-time", "stop starting new epochs after this long (e.g. 90m), keeping the best validation epoch (default none)", func(v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("want a duration such as 90m, got %q", v)
		}
		c.MaxSeconds = d.Seconds()
		return nil
	})
	fs.StringVar(&c.Checkpoint, "checkpoint", c.Checkpoint, "save the training state to this file after every epoch (Adam's moments included), and resume from it if it exists; with --epochs at or below the checkpoint's epoch count nothing is trained and the bundle holds its best epoch")
	fs.BoolVar(&s.quiet, "quiet", false, "no progress bars")
	fs.StringVar(&s.curve, "curve", "", "write the training curve to this PNG: loss per epoch and validation NDCG@10")
}

// loadConfig reads the --config file named in args (before the flags are registered, so that the flags'
// defaults are the file's values and flags given on the command line win).
func (s *seqFlags) loadConfig(args []string) error {
	path := ""
	for i, a := range args {
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == "config" {
			if !hasVal && i+1 < len(args) {
				val = args[i+1]
			}
			path = val
		}
	}
	if path == "" {
		return nil
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s.cfg); err != nil {
		return fmt.Errorf("config %s: %w", path, err)
	}
	return nil
}

func runTrainSeq(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("train", "train --data FILE --model sasrec|bert4rec --out BUNDLE [flags]", stderr)
	var d dataFlags
	var s seqFlags
	var pf packFlags
	if err := s.loadConfig(args); err != nil {
		return err
	}
	out := fs.String("out", "", "bundle to write (required)")
	hist := fs.String("write-history", "", "also write each user's history without the test item (train and validation items, oldest first) as user<TAB>item,item,... for pack recommend --history")
	d.register(fs)
	s.register(fs)
	pf.register(fs, "f32")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *out == "" {
		return usagef("--out is required")
	}
	opt, err := pf.options()
	if err != nil {
		return err
	}
	p, err := d.load(stderr)
	if err != nil {
		return err
	}
	if !p.ds.HasTime {
		fmt.Fprintln(stderr, "warning: the data has no timestamps: sequences follow the file's order")
	}
	if *hist != "" {
		if err := writeHistories(*hist, p); err != nil {
			return err
		}
	}
	t, err := fitSeq(ctx, p, s, stderr)
	if err != nil {
		return err
	}
	if err := writeCurve(s.curve, seqCurve(t.epochs)); err != nil {
		return err
	}
	if t.test != nil {
		fmt.Fprintf(stdout, "test (%s):\n%s", d.protocol(), t.test.Table())
	}
	if err := t.write(*out, p, d.path, opt); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%s, %s, %d epochs, %.1fs)\n", *out, t.model.Config().Model, pf.quant, len(t.epochs), t.seconds)
	return nil
}

// write packs the trained model into the bundle at path.
func (t *seqTrained) write(path string, p *prepared, source string, opt train.PackOptions) error {
	b, err := t.model.Pack(t.embeddings(p, source), opt)
	if err != nil {
		return err
	}
	return b.WriteFile(path)
}

type seqTrained struct {
	model   *seq.Model
	epochs  []seq.Epoch
	seconds float64
	test    *eval.Report
}

// seqCurve is a SASRec/BERT4Rec run as its training curve shows it (an epoch with a validation score
// counts as evaluated).
func seqCurve(epochs []seq.Epoch) []plot.Epoch {
	out := make([]plot.Epoch, len(epochs))
	for k, e := range epochs {
		out[k] = plot.Epoch{Epoch: e.Epoch, Loss: e.Loss, NDCG10: e.NDCG10, Evaluated: e.NDCG10 > 0 || e.Best,
			Seconds: e.Seconds, CPUSeconds: e.CPUSeconds}
	}
	return out
}

func fitSeq(ctx context.Context, p *prepared, s seqFlags, stderr io.Writer) (*seqTrained, error) {
	cfg := s.cfg
	if !s.quiet {
		cfg.Progress = stderr
	}
	start := time.Now()
	m, epochs, err := seq.Train(ctx, seq.Input{NumItems: p.ds.Items.Len(), Train: p.train, Valid: p.valid}, cfg)
	if err != nil {
		return nil, err
	}
	t := &seqTrained{model: m, epochs: epochs, seconds: time.Since(start).Seconds()}
	var best *seq.Epoch
	for i, e := range epochs {
		if e.Best {
			best = &epochs[i]
		}
	}
	if best != nil {
		fmt.Fprintf(stderr, "best epoch %d of %d: validation ndcg@10 %.4f (%.1fs)\n", best.Epoch, len(epochs), best.NDCG10, t.seconds)
	}
	if p.hasTest {
		rep, err := m.Evaluate(ctx, p.seen, p.test, eval.Options{})
		if err != nil {
			return nil, err
		}
		t.test = &rep
	}
	return t, nil
}

func runEvalSeq(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval", "eval --data FILE --model sasrec|bert4rec [flags]", stderr)
	var d dataFlags
	var s seqFlags
	if err := s.loadConfig(args); err != nil {
		return err
	}
	d.register(fs)
	s.register(fs)
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if d.holdout != "loo" && d.test == "" {
		return usagef("eval needs test items: --holdout loo, or a --test file")
	}
	p, err := d.load(stderr)
	if err != nil {
		return err
	}
	pop, err := eval.Evaluate(ctx, eval.ScorerFunc(p.ds.Items.Len(), popularityScores(p.train, p.ds.Items.Len())), p.test, eval.Options{})
	if err != nil {
		return err
	}
	t, err := fitSeq(ctx, p, s, stderr)
	if err != nil {
		return err
	}
	return printReports(stdout, d.protocol(), []string{t.model.Config().Model, "popularity"},
		[]eval.Report{*t.test, pop})
}

// embeddings describes the bundle: ids, each user's time-ordered seen items (their history at serving
// time), popularity, the training summary and the test metrics.
func (t *seqTrained) embeddings(p *prepared, source string) train.Embeddings {
	cfg := t.model.Config()
	man := modelpack.Manifest{
		Name: filepath.Base(source), CreatedAt: time.Now().UTC(),
		Training: modelpack.Training{
			Source: source, Users: p.ds.Users.Len(), Items: p.ds.Items.Len(), Interactions: len(p.ds.Rows),
			Epochs: len(t.epochs), Seconds: t.seconds, Params: cfg.Params(),
		},
		Metrics: map[string]float64{},
	}
	if t.test != nil {
		for k, v := range t.test.JSON() {
			man.Metrics["test."+k] = v
		}
	}
	return train.Embeddings{
		Manifest: man, ItemIDs: p.ds.Items.IDs(), UserIDs: p.ds.Users.IDs(), Seen: p.seen,
		Popularity: train.Popularity(p.train, p.ds.Items.Len()), Attributes: p.attrs,
	}
}

// writeHistories writes each user's seen items (with the leave-one-out split: train and validation items,
// the test item left out) in time order; with a test split only the users who have a test item.
func writeHistories(path string, p *prepared) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	test := map[int32]bool{}
	for _, c := range p.test {
		test[c.User] = true
	}
	lists := make([]dataset.List, 0, len(p.seen))
	for u, items := range p.seen {
		if len(items) == 0 || (p.hasTest && !test[int32(u)]) {
			continue
		}
		l := dataset.List{User: p.ds.Users.ID(int32(u)), Items: make([]string, len(items))}
		for j, it := range items {
			l.Items[j] = p.ds.Items.ID(it)
		}
		lists = append(lists, l)
	}
	w := bufio.NewWriter(f)
	if err := dataset.WriteLists(w, lists); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
