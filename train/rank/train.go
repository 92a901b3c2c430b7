package rank

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/corerec/corerec/internal/cputime"
	"github.com/corerec/corerec/train/nn"
)

// Config configures Train. The zero value works.
type Config struct {
	Epochs    int     // maximum epochs (default 30)
	BatchSize int     // examples per step (default 512)
	LR        float32 // Adam learning rate (default 1e-3)
	// WeightDecay is Adam's L2 term on every parameter (on embedding rows only when touched;
	// default 0).
	WeightDecay float32
	// Patience stops training after this many epochs without a better validation score (AUC,
	// or Validate's) and restores the best epoch's weights (default 2).
	Patience int
	// Validate, when set, replaces validation AUC as the early-stopping score (higher is
	// better): for a funnel's ranker, its validation HR@10 over the retriever's pools (Funnel).
	Validate func(*Model) (float64, error)
	Workers  int    // goroutines per op (default 1)
	Seed     uint64 // batch order and dropout (default 0)
	Log      io.Writer
}

func (c Config) withDefaults() Config {
	if c.Epochs <= 0 {
		c.Epochs = 30
	}
	if c.BatchSize <= 0 {
		c.BatchSize = 512
	}
	if c.LR == 0 {
		c.LR = 1e-3
	}
	if c.Patience <= 0 {
		c.Patience = 2
	}
	return c
}

// Metrics are a model's AUC and logloss on one split.
type Metrics struct {
	AUC, LogLoss float64
	N            int
}

// Result reports a training run.
type Result struct {
	Epochs, BestEpoch int
	Valid, Test       Metrics
	BestScore         float64 // the best early-stopping score (validation AUC or Config.Validate's)
	Seconds           float64
	History           []Epoch // one per epoch trained, in order
}

// Epoch reports one training epoch.
type Epoch struct {
	Epoch int
	Loss  float64 // mean training BCE over the epoch's examples
	Valid Metrics // validation AUC and logloss after the epoch
	Score float64 // the early-stopping score: Valid.AUC, or Config.Validate's
	// Seconds and CPUSeconds are the epoch's wall and process CPU time, evaluation included (CPU 0 where
	// the platform has no CPU clock).
	Seconds, CPUSeconds float64
	Best                bool // the best score so far
}

// Train fits m on split.Train with Adam and BCE, evaluates on split.Valid after every epoch,
// keeps the weights of the best validation AUC and reports them on Valid and Test. The context is
// checked before every step; a cancelled context returns its error (and m holds the last step's weights).
func Train(ctx context.Context, m *Model, d *Data, split *Split, cfg Config) (Result, error) {
	cfg = cfg.withDefaults()
	start := time.Now()
	opt := nn.NewAdam(m.Params.All(), nn.AdamConfig{LR: cfg.LR, WeightDecay: cfg.WeightDecay})
	tape := nn.NewTape(nn.Config{Workers: cfg.Workers, Seed: cfg.Seed})
	batches := nn.NewBatcher(split.Train.Len(), nn.BatcherConfig{BatchSize: cfg.BatchSize, Seed: cfg.Seed})
	var in Inputs
	labels := make([]float32, 0, cfg.BatchSize)
	best, bestEpoch := -1.0, -1
	snap := snapshot(m)
	var res Result
	for epoch := range cfg.Epochs {
		epStart, cpu0 := time.Now(), cputime.Seconds()
		var lossSum float64
		for batches.Next() {
			if err := ctx.Err(); err != nil {
				return res, fmt.Errorf("rank: epoch %d: %w", epoch+1, err)
			}
			idx := batches.Batch()
			d.Gather(&split.Train, idx, &in)
			labels = labels[:0]
			for _, i := range idx {
				labels = append(labels, split.Train.Label[i])
			}
			tape.Reset()
			loss := tape.BCEWithLogits(m.Forward(tape, &in), labels)
			m.Params.ZeroGrad()
			if err := tape.Backward(loss); err != nil {
				return res, fmt.Errorf("rank: epoch %d: %w", epoch, err)
			}
			opt.Step()
			lossSum += float64(loss.Data[0]) * float64(len(idx))
		}
		res.Epochs = epoch + 1
		v, score, err := validScore(m, d, split, cfg, epoch, start)
		if err != nil {
			return res, err
		}
		e := Epoch{Epoch: epoch + 1, Loss: lossSum / float64(max(split.Train.Len(), 1)), Valid: v, Score: score}
		improved := score > best
		if improved {
			best, bestEpoch = score, epoch
			snap.save(m)
		}
		e.Best = improved
		e.Seconds, e.CPUSeconds = time.Since(epStart).Seconds(), cputime.Seconds()-cpu0
		res.History = append(res.History, e)
		if !improved && epoch-bestEpoch >= cfg.Patience {
			break
		}
	}
	snap.restore(m)
	res.BestEpoch, res.BestScore = bestEpoch+1, best
	var err error
	if res.Valid, err = Evaluate(m, d, &split.Valid); err != nil {
		return res, err
	}
	if res.Test, err = Evaluate(m, d, &split.Test); err != nil {
		return res, err
	}
	res.Seconds = time.Since(start).Seconds()
	return res, nil
}

// validScore evaluates m on the validation split, logs, and returns the validation metrics and the
// early-stopping score.
func validScore(m *Model, d *Data, split *Split, cfg Config, epoch int, start time.Time) (Metrics, float64, error) {
	v, err := Evaluate(m, d, &split.Valid)
	if err != nil {
		return v, 0, err
	}
	score, extra := v.AUC, ""
	if cfg.Validate != nil {
		if score, err = cfg.Validate(m); err != nil {
			return v, 0, fmt.Errorf("rank: epoch %d: validate: %w", epoch+1, err)
		}
		extra = fmt.Sprintf(", score %.4f", score)
	}
	if cfg.Log != nil {
		fmt.Fprintf(cfg.Log, "epoch %d: valid auc %.4f logloss %.4f%s (%.1fs)\n", epoch+1, v.AUC, v.LogLoss, extra, time.Since(start).Seconds())
	}
	return v, score, nil
}

// Predict returns the logits of every example of e.
func Predict(m *Model, d *Data, e *Examples) ([]float32, error) {
	tape := nn.NewTape(nn.Config{})
	tape.SetTraining(false)
	out := make([]float32, 0, e.Len())
	idx := make([]int32, 0, 4096)
	var in Inputs
	for lo := 0; lo < e.Len(); lo += 4096 {
		idx = idx[:0]
		for i := lo; i < min(lo+4096, e.Len()); i++ {
			idx = append(idx, int32(i))
		}
		d.Gather(e, idx, &in)
		tape.Reset()
		y := m.Forward(tape, &in)
		if err := tape.Err(); err != nil {
			return nil, fmt.Errorf("rank: predict: %w", err)
		}
		out = append(out, y.Data...)
	}
	return out, nil
}

// Evaluate returns AUC and logloss of m on e.
func Evaluate(m *Model, d *Data, e *Examples) (Metrics, error) {
	logits, err := Predict(m, d, e)
	if err != nil {
		return Metrics{}, err
	}
	return Metrics{AUC: AUC(logits, e.Label), LogLoss: LogLoss(logits, e.Label), N: e.Len()}, nil
}

// weights is a copy of every parameter's values.
type weights [][]float32

func snapshot(m *Model) *weights {
	w := make(weights, m.Params.Len())
	for i, p := range m.Params.All() {
		w[i] = make([]float32, p.Len())
	}
	return &w
}

func (w *weights) save(m *Model) {
	for i, p := range m.Params.All() {
		copy((*w)[i], p.Data)
	}
}

func (w *weights) restore(m *Model) {
	for i, p := range m.Params.All() {
		copy(p.Data, (*w)[i])
	}
}
