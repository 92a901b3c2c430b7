package lightgcn

import (
	"context"
	"fmt"
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
	NumUsers, NumItems int
	// Train lists each user's training items (indices < NumItems); len(Train) == NumUsers. The graph and
	// the positives are the distinct (user, item) pairs.
	Train [][]int32
	// Valid, when non-empty, are the validation cases for early stopping on NDCG@10.
	Valid []eval.Case
	// Test, when non-empty and Config.TestEvery > 0, are cases scored for the record only (Epoch.Recall20,
	// Epoch.NDCG20); nothing in training reads their scores.
	Test []eval.Case
}

// Epoch reports one training epoch.
type Epoch struct {
	Epoch   int     `json:"epoch"`
	Loss    float64 `json:"loss"`              // mean BPR loss over the epoch's triples (without the L2 term)
	NDCG10  float64 `json:"ndcg@10,omitempty"` // validation NDCG@10, when evaluated
	LR      float32 `json:"lr"`                // the learning rate the epoch trained with (Config.LRDecay lowers it)
	Seconds float64 `json:"seconds"`           // wall time of the epoch, evaluation included
	// CPUSeconds is the process's CPU time during the epoch (every thread, evaluation included; 0 where
	// the platform gives no CPU clock): on a shared machine the steadier measure of a run's cost.
	CPUSeconds float64 `json:"cpu_seconds,omitempty"`
	Best       bool    `json:"best,omitempty"`
	// Tested marks an epoch whose model was scored on Input.Test (Config.TestEvery): Recall20 and NDCG20 are
	// then its full-ranking test Recall@20 and NDCG@20.
	Tested   bool    `json:"tested,omitempty"`
	Recall20 float64 `json:"test_recall@20,omitempty"`
	NDCG20   float64 `json:"test_ndcg@20,omitempty"`
}

// Train fits a model. With validation cases it returns the model of the best validation epoch. The
// context is checked before every step; a cancelled context returns its error.
func Train(ctx context.Context, in Input, cfg Config) (*Model, []Epoch, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.validate(); err != nil {
		return nil, nil, err
	}
	t, err := newTrainer(in, cfg)
	if err != nil {
		return nil, nil, err
	}
	return t.run(ctx)
}

func (t *trainer) run(ctx context.Context) (*Model, []Epoch, error) {
	start := time.Now()
	var hist []Epoch
	var best *Model
	stop := nn.NewPlateau(t.cfg.LearningRate, t.cfg.LRDecay, t.cfg.Patience)
	if t.cfg.Checkpoint != "" {
		meta, bestEgo, found, err := t.resume()
		if err != nil {
			return nil, nil, err
		}
		if found {
			hist = meta.Epochs
			stop.Restore(meta.Plateau)
			t.setLR(stop.LR)
			if bestEgo != nil {
				best = newModel(t.prop, t.rl, t.rl.toInternal(bestEgo, t.cfg.Dim))
			}
			if t.cfg.Progress != nil {
				fmt.Fprintf(t.cfg.Progress, "resuming from %s after epoch %d\n", t.cfg.Checkpoint, len(hist))
			}
		}
	}
	for ep := len(hist) + 1; ep <= t.cfg.Epochs && !stop.Stop(); ep++ {
		epStart, cpu0 := time.Now(), cputime.Seconds()
		bar := progress.New(t.cfg.Progress, fmt.Sprintf("epoch %d/%d", ep, t.cfg.Epochs), int64(len(t.pairs)), "ex")
		loss, err := t.epoch(ctx, ep, bar)
		if err != nil {
			return nil, hist, err
		}
		e := Epoch{Epoch: ep, Loss: loss, LR: t.lr}
		timeUp := t.cfg.MaxSeconds > 0 && time.Since(start).Seconds() >= t.cfg.MaxSeconds
		last := ep == t.cfg.Epochs || timeUp
		var m *Model // the epoch's model, propagated once for whichever evaluations the epoch has
		model := func() *Model {
			if m == nil {
				m = newModel(t.prop, t.rl, t.ego)
			}
			return m
		}
		status := fmt.Sprintf("loss=%.4f", loss)
		if len(t.in.Valid) > 0 && (ep%t.cfg.EvalEvery == 0 || last) {
			rep, err := eval.Evaluate(ctx, model(), t.in.Valid, eval.Options{Ks: []int{10}, Workers: t.cfg.Workers})
			if err != nil {
				return nil, hist, err
			}
			e.NDCG10 = rep.NDCG[10]
			if e.Best = stop.Observe(e.NDCG10); e.Best {
				best = m
			}
			t.setLR(stop.LR)
			status += fmt.Sprintf(" val_ndcg@10=%.4f", e.NDCG10)
		}
		if len(t.in.Test) > 0 && t.cfg.TestEvery > 0 && (ep%t.cfg.TestEvery == 0 || last) {
			if err := t.score(ctx, model(), &e); err != nil {
				return nil, hist, err
			}
			status += fmt.Sprintf(" test_recall@20=%.4f test_ndcg@20=%.4f", e.Recall20, e.NDCG20)
		}
		bar.Set(status)
		bar.Done()
		e.Seconds, e.CPUSeconds = time.Since(epStart).Seconds(), cputime.Seconds()-cpu0
		hist = append(hist, e)
		if t.cfg.Checkpoint != "" {
			var bestEgo []float32
			if best != nil {
				bestEgo = best.Ego
			}
			if err := t.save(hist, stop, bestEgo); err != nil {
				return nil, hist, err
			}
		}
		if timeUp {
			break
		}
	}
	if best == nil {
		best = newModel(t.prop, t.rl, t.ego)
	}
	return best, hist, nil
}

// score records m's Recall@20 and NDCG@20 on Input.Test in e.
func (t *trainer) score(ctx context.Context, m *Model, e *Epoch) error {
	rep, err := eval.Evaluate(ctx, m, t.in.Test, eval.Options{Ks: []int{20}, Workers: t.cfg.Workers})
	if err != nil {
		return err
	}
	e.Tested, e.Recall20, e.NDCG20 = true, rep.Recall[20], rep.NDCG[20]
	return nil
}

// setLR sets every Adam shard's learning rate.
func (t *trainer) setLR(lr float32) {
	t.lr = lr
	for _, a := range t.shards {
		a.SetLR(lr)
	}
}

// epoch runs one pass over the shuffled training pairs in batches and returns the mean BPR loss.
func (t *trainer) epoch(ctx context.Context, ep int, bar *progress.Bar) (float64, error) {
	rng := rand.New(rand.NewPCG(uint64(t.cfg.Seed), uint64(ep)))
	pairs := t.epochPairs(rng)
	var sum float64
	for lo := 0; lo < len(pairs); lo += t.cfg.BatchSize {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		hi := min(lo+t.cfg.BatchSize, len(pairs))
		sum += t.step(pairs[lo:hi], rng) * float64(hi-lo)
		bar.Add(int64(hi - lo))
	}
	return sum / float64(len(pairs)), nil
}

// epochPairs returns the epoch's (user, positive) pairs in training order: every distinct training pair
// once, shuffled from their fixed order (nn.SamplePairs), or as many draws of a uniform user with one of its positives drawn
// uniformly (nn.SampleUsers, the LightGCN reference code's sampler: every user weighs the same in the loss,
// as in the per-user averages of Recall and NDCG).
func (t *trainer) epochPairs(rng *rand.Rand) []pair {
	t.drawn = t.drawn[:0]
	if t.cfg.Sampling != nn.SampleUsers {
		// Shuffle a copy of the pairs in their fixed order, so that an epoch depends only on its number.
		t.drawn = append(t.drawn, t.pairs...)
		rng.Shuffle(len(t.drawn), func(a, b int) { t.drawn[a], t.drawn[b] = t.drawn[b], t.drawn[a] })
		return t.drawn
	}
	nn.UserUniform(rng, t.pos, len(t.pairs), func(u, i int32) { t.drawn = append(t.drawn, pair{u, i}) })
	return t.drawn
}

// negative samples, uniformly, an item user u has no training interaction with (gives up after 64 tries for
// a user who has nearly every item and returns the last draw).
func (t *trainer) negative(u int32, rng *rand.Rand) int32 {
	var j int32
	for range 64 {
		j = int32(rng.IntN(t.in.NumItems))
		if _, found := slices.BinarySearch(t.pos[u], j); !found {
			break
		}
	}
	return j
}
