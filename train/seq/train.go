package seq

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/internal/cputime"
	"github.com/corerec/corerec/internal/progress"
	"github.com/corerec/corerec/train/nn"
)

// Input is what Train learns from.
type Input struct {
	// NumItems is the catalog size; items are 0…NumItems−1.
	NumItems int
	// Train lists each user's training items in time order, oldest first (never sorted by item).
	Train [][]int32
	// Valid, when non-empty, are the validation cases for early stopping on NDCG@10: case c's input is
	// Train[c.User] and its target the item that follows it.
	Valid []eval.Case
}

// Epoch reports one training epoch.
type Epoch struct {
	Epoch   int     `json:"epoch"`
	Loss    float64 `json:"loss"`              // mean training loss over the epoch's steps
	NDCG10  float64 `json:"ndcg@10,omitempty"` // validation NDCG@10, when evaluated
	Seconds float64 `json:"seconds"`           // wall time of the epoch, evaluation included
	// CPUSeconds is the process's CPU time during the epoch (every thread, evaluation included; 0 where
	// the platform gives no CPU clock): on a shared machine the steadier measure of a run's cost.
	CPUSeconds float64 `json:"cpu_seconds,omitempty"`
	Best       bool    `json:"best,omitempty"`
}

// Train fits a model. With validation cases it returns the weights of the best validation epoch. The
// context cancels training between steps.
func Train(ctx context.Context, in Input, cfg Config) (*Model, []Epoch, error) {
	m, err := New(in.NumItems, cfg)
	if err != nil {
		return nil, nil, err
	}
	t, err := newTrainer(m, in)
	if err != nil {
		return nil, nil, err
	}
	return t.run(ctx)
}

// window is one training sequence: user's training items before end (the last MaxLen(+1) of them).
type window struct{ user, end int32 }

type trainer struct {
	m       *Model
	in      Input
	windows []window  // an epoch's training windows
	seen    [][]int32 // LossBCE: each user's sorted items, for negative rejection
	tape    *nn.Tape
	opt     *nn.Adam
	batch   batch
	rng     *rand.Rand
	steps   int // optimiser steps in this run (not counting a resumed run's earlier ones)
}

func newTrainer(m *Model, in Input) (*trainer, error) {
	c := m.cfg
	t := &trainer{m: m, in: in, tape: nn.NewTape(nn.Config{Workers: c.Workers, Seed: uint64(c.Seed)}),
		rng: rand.New(rand.NewPCG(uint64(c.Seed), 0x74726e))}
	adam := nn.AdamConfig{LR: c.LearningRate, WeightDecay: c.WeightDecay}
	t.opt = nn.NewAdamW(m.params.All(), adam)
	minLen := 2
	if c.Model == BERT4Rec {
		minLen = 1
	}
	for u, items := range in.Train {
		for _, i := range items {
			if i < 0 || int(i) >= in.NumItems {
				return nil, fmt.Errorf("seq: user %d has item %d outside 0..%d", u, i, in.NumItems-1)
			}
		}
		t.windows = appendWindows(t.windows, int32(u), len(items), minLen, c)
	}
	if len(t.windows) == 0 {
		return nil, errors.New("seq: no user has enough training items")
	}
	if c.Loss == LossBCE {
		t.seen = make([][]int32, len(in.Train))
		for u, items := range in.Train {
			s := slices.Clone(items)
			slices.Sort(s)
			t.seen[u] = slices.Compact(s)
		}
	}
	return t, nil
}

// appendWindows appends the training windows of a user with n training items: the newest one, and with
// WindowsAll the older ones back to the start. Consecutive SASRec windows overlap by one item (the older
// window's last target is the newer one's first input), BERT4Rec windows do not; windows shorter than
// minLen items are dropped.
func appendWindows(dst []window, user int32, n, minLen int, c Config) []window {
	step := c.MaxLen
	for end := n; end >= minLen; end -= step {
		dst = append(dst, window{user: user, end: int32(end)})
		if c.Windows != WindowsAll {
			break
		}
	}
	return dst
}

func (t *trainer) run(ctx context.Context) (*Model, []Epoch, error) {
	c := t.m.cfg
	var hist []Epoch
	var best [][]float32
	bestScore, bad := math.Inf(-1), 0
	if c.Checkpoint != "" {
		meta, saved, found, err := t.m.loadCheckpoint(c.Checkpoint, t.opt)
		if err != nil {
			return nil, nil, err
		}
		if found {
			hist, best, bad = meta.Epochs, saved, meta.Bad
			if saved != nil {
				bestScore = meta.BestScore
			}
			t.resumed(len(hist))
			if c.Progress != nil {
				fmt.Fprintf(c.Progress, "resuming from %s after epoch %d\n", c.Checkpoint, len(hist))
			}
		}
	}
	began := time.Now()
	for ep := len(hist) + 1; ep <= c.Epochs && bad < c.Patience; ep++ {
		start, cpu0 := time.Now(), cputime.Seconds()
		bar := progress.New(c.Progress, fmt.Sprintf("epoch %d/%d", ep, c.Epochs), int64(len(t.windows)), "seq")
		loss, err := t.epoch(ctx, bar)
		if err != nil {
			bar.Done()
			return nil, hist, err
		}
		e := Epoch{Epoch: ep, Loss: loss}
		fields := fmt.Sprintf("loss=%.4f", loss)
		if len(t.in.Valid) > 0 && (ep%c.EvalEvery == 0 || ep == c.Epochs) {
			rep, err := t.m.Evaluate(ctx, t.in.Train, t.in.Valid, eval.Options{Ks: []int{10}, Workers: c.Workers})
			if err != nil {
				bar.Done()
				return nil, hist, err
			}
			e.NDCG10 = rep.NDCG[10]
			if e.NDCG10 > bestScore {
				best, bestScore, bad, e.Best = t.m.snapshot(), e.NDCG10, 0, true
			} else {
				bad++
			}
			fields += fmt.Sprintf(" val_ndcg@10=%.4f best=%.4f", e.NDCG10, bestScore)
		}
		bar.Set(fields)
		bar.Done()
		e.Seconds, e.CPUSeconds = time.Since(start).Seconds(), cputime.Seconds()-cpu0
		hist = append(hist, e)
		if c.Checkpoint != "" {
			meta := checkpointMeta{Epochs: hist, Bad: bad, BestScore: bestScore}
			if err := t.m.saveCheckpoint(c.Checkpoint, meta, best, t.opt); err != nil {
				return nil, hist, err
			}
		}
		if bad >= c.Patience || (c.MaxSeconds > 0 && time.Since(began).Seconds() >= c.MaxSeconds) {
			break
		}
	}
	if best != nil {
		t.m.restore(best)
	}
	return t.m, hist, nil
}

// resumed reseeds the shuffling and the tape's random stream for a run resumed after epoch done, so that
// it does not replay the first run's shuffles and dropout masks.
func (t *trainer) resumed(done int) {
	c := t.m.cfg
	seed := uint64(c.Seed) + uint64(done)*0x9e3779b97f4a7c15
	t.rng = rand.New(rand.NewPCG(seed, 0x74726e))
	t.tape = nn.NewTape(nn.Config{Workers: c.Workers, Seed: seed})
}

// epoch runs one pass over the shuffled windows and returns the mean step loss.
func (t *trainer) epoch(ctx context.Context, bar *progress.Bar) (float64, error) {
	t.rng.Shuffle(len(t.windows), func(a, b int) { t.windows[a], t.windows[b] = t.windows[b], t.windows[a] })
	bs := t.m.cfg.BatchSize
	var sum float64
	steps := 0
	for lo := 0; lo < len(t.windows); lo += bs {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		hi := min(lo+bs, len(t.windows))
		loss, err := t.step(t.windows[lo:hi])
		if err != nil {
			return 0, err
		}
		sum += float64(loss)
		steps++
		bar.Add(int64(hi - lo))
	}
	return sum / float64(steps), nil
}

// step trains on one batch of windows and returns its loss.
func (t *trainer) step(windows []window) (float32, error) {
	m, c, b, tp := t.m, t.m.cfg, &t.batch, t.tape
	b.reset()
	for _, w := range windows {
		u, items := w.user, t.in.Train[w.user][:w.end]
		if c.Model == BERT4Rec {
			b.addCloze(items, c.MaxLen, c.MaskProb, m.maskToken(), t.rng)
			continue
		}
		n := len(b.targets)
		b.addCausal(items, c.MaxLen)
		if c.Loss == LossBCE {
			b.negatives(m.numItems, t.seen[u], len(b.targets)-n, t.rng)
		}
	}
	tp.Reset()
	var loss *nn.Tensor
	switch {
	case c.Model == BERT4Rec: // only the masked rows are predicted
		loss = tp.FullSoftmax(m.forward(tp, b.ids, b.pos, b.spans, b.rows), m.catalog(tp), b.targets, nil)
	case c.Loss == LossCE:
		loss = tp.FullSoftmax(m.forward(tp, b.ids, b.pos, b.spans, nil), m.catalog(tp), b.targets, nil)
	default:
		loss = t.bce(m.forward(tp, b.ids, b.pos, b.spans, nil))
	}
	m.params.ZeroGrad()
	if err := tp.Backward(loss); err != nil {
		return 0, fmt.Errorf("seq: %w", err)
	}
	t.opt.SetLR(t.learningRate())
	t.opt.Step()
	t.steps++
	return loss.Scalar(), nil
}

// learningRate is the step's learning rate: the warm-up ramp, then Config.LearningRate.
func (t *trainer) learningRate() float32 {
	c := t.m.cfg
	if t.steps >= c.WarmupSteps {
		return c.LearningRate
	}
	return c.LearningRate * float32(t.steps+1) / float32(c.WarmupSteps)
}

// bce is the original SASRec loss: each row's next item against its sampled negative.
func (t *trainer) bce(h *nn.Tensor) *nn.Tensor {
	tp, b := t.tape, &t.batch
	pos := tp.RowDot(h, tp.Embedding(t.m.items, b.targets))
	neg := tp.RowDot(h, tp.Embedding(t.m.items, b.negs))
	for range b.targets {
		b.labels = append(b.labels, 1, 0)
	}
	return tp.BCEWithLogits(tp.Concat(pos, neg), b.labels)
}
