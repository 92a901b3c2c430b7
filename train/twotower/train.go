package twotower

import (
	"context"
	"fmt"
	"time"

	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/internal/progress"
	"github.com/corerec/corerec/train/nn"
)

// Input is what Train learns from.
type Input struct {
	NumUsers, NumItems int
	// Train lists each user's training items (indices < NumItems); len(Train) == NumUsers. Every
	// (user, item) occurrence is one training example.
	Train [][]int32
	// Valid, when non-empty, are the validation cases for early stopping on NDCG@10 (full ranking).
	Valid []eval.Case
	// UserFeatures and ItemFeatures, when set, are the towers' dense inputs, one row per user (item).
	UserFeatures, ItemFeatures *Features
	// ItemModalities and ItemAttributes, when set, make the item tower multi-modal (see FusionConfig).
	ItemModalities []Modality
	ItemAttributes *Attributes
}

// Epoch reports one training epoch.
type Epoch struct {
	Epoch int `json:"epoch"`
	// Loss is the mean training loss over the epoch's steps.
	Loss float64 `json:"loss"`
	// NDCG10 is the validation NDCG@10, when evaluated (Evaluated).
	NDCG10    float64 `json:"ndcg@10,omitempty"`
	Evaluated bool    `json:"evaluated,omitempty"`
	// Temperature at the end of the epoch (changes only when learned).
	Temperature float32 `json:"temperature"`
	// LR is the learning rate the epoch trained with (Config.LRDecay lowers it).
	LR float32 `json:"lr"`
	// ExamplesPerSec is the training throughput (without evaluation).
	ExamplesPerSec float64 `json:"examples_per_sec"`
	Seconds        float64 `json:"seconds"`
	// Best marks the epoch whose weights Train returns.
	Best bool `json:"best,omitempty"`
}

// Train fits a model. With validation cases it returns the weights of the best validation epoch (by
// NDCG@10) and stops after Config.Patience evaluations without improvement. The context cancels training
// between steps.
func Train(ctx context.Context, in Input, cfg Config) (*Model, []Epoch, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.validate(); err != nil {
		return nil, nil, err
	}
	t, err := newTrainer(in, cfg)
	if err != nil {
		return nil, nil, err
	}
	return t.run(ctx, in.Valid)
}

func (t *trainer) run(ctx context.Context, valid []eval.Case) (*Model, []Epoch, error) {
	var hist []Epoch
	var best [][]float32
	stop := nn.NewPlateau(t.cfg.LearningRate, t.cfg.LRDecay, t.cfg.Patience)
	c := t.cfg
	for ep := 1; ep <= c.Epochs; ep++ {
		start := time.Now()
		bar := progress.New(c.Progress, fmt.Sprintf("epoch %d/%d", ep, c.Epochs), int64(t.epochExamples()), "ex")
		loss, err := t.epoch(ctx, bar)
		if err != nil {
			return nil, hist, err
		}
		e := Epoch{Epoch: ep, Loss: loss, Temperature: t.m.Temperature(), LR: t.lr,
			ExamplesPerSec: float64(t.epochExamples()) / time.Since(start).Seconds()}
		fields := fmt.Sprintf("loss=%.4f", loss)
		if len(valid) > 0 && (ep%c.EvalEvery == 0 || ep == c.Epochs) {
			t.m.refresh()
			rep, err := eval.Evaluate(ctx, t.m, valid, eval.Options{Ks: []int{10}, Workers: c.Workers})
			if err != nil {
				return nil, hist, err
			}
			e.NDCG10, e.Evaluated = rep.NDCG[10], true
			if e.Best = stop.Observe(e.NDCG10); e.Best {
				best = t.m.snapshot()
			}
			t.lr = stop.LR
			t.opt.SetLR(t.lr)
			fields += fmt.Sprintf(" val_ndcg@10=%.4f", e.NDCG10)
		}
		bar.Set(fields)
		bar.Done()
		e.Seconds = time.Since(start).Seconds()
		hist = append(hist, e)
		if stop.Stop() {
			break
		}
	}
	if best != nil {
		t.m.restore(best)
	}
	t.m.refresh()
	return t.m, hist, nil
}

// epoch runs one pass over the shuffled training examples and returns the mean step loss.
func (t *trainer) epoch(ctx context.Context, bar *progress.Bar) (float64, error) {
	var sum float64
	steps := 0
	for t.batches.Next() {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		b := t.batches.Batch()
		loss, err := t.step(b)
		if err != nil {
			return 0, err
		}
		sum += float64(loss)
		steps++
		bar.Add(int64(len(b)))
	}
	if steps == 0 {
		return 0, fmt.Errorf("%w: no training batch", ErrInput)
	}
	return sum / float64(steps), nil
}

func (t *trainer) epochExamples() int {
	n := len(t.pairs)
	if t.dropLast {
		n -= n % t.cfg.BatchSize
	}
	return n
}
