package mf

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"time"

	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/internal/progress"
	"github.com/corerec/corerec/train/nn"
)

// Input is what Train learns from.
type Input struct {
	NumUsers, NumItems int
	// Train lists each user's training items (indices < NumItems); len(Train) == NumUsers.
	Train [][]int32
	// Valid, when non-empty, are the validation cases for early stopping on NDCG@10.
	Valid []eval.Case
}

// Epoch reports one training epoch.
type Epoch struct {
	Epoch   int     `json:"epoch"`
	Loss    float64 `json:"loss"`              // mean BPR loss over the epoch's triples
	NDCG10  float64 `json:"ndcg@10,omitempty"` // validation NDCG@10, when evaluated
	LR      float32 `json:"lr"`                // the learning rate the epoch trained with (Config.LRDecay lowers it)
	Seconds float64 `json:"seconds"`
	Best    bool    `json:"best,omitempty"`
}

// Train fits a model. With validation cases it returns the weights of the best validation epoch. The
// context cancels training between chunks of updates.
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

type pair struct{ u, i int32 }

type trainer struct {
	in    Input
	cfg   Config
	m     *Model
	pairs []pair
	pos   [][]int32 // sorted, deduplicated positives per user, for negative rejection
	lr    float32   // the current learning rate (Config.LRDecay lowers it)
	drawn []pair    // Sampling "users": the epoch's drawn (user, positive) pairs
}

func newTrainer(in Input, cfg Config) (*trainer, error) {
	if len(in.Train) != in.NumUsers || in.NumItems < 2 {
		return nil, fmt.Errorf("mf: %d training rows for %d users, %d items: need one row per user and >= 2 items",
			len(in.Train), in.NumUsers, in.NumItems)
	}
	t := &trainer{in: in, cfg: cfg, pos: make([][]int32, in.NumUsers), lr: cfg.LearningRate}
	for u, items := range in.Train {
		p := slices.Clone(items)
		slices.Sort(p)
		t.pos[u] = slices.Compact(p)
		for _, i := range items {
			if i < 0 || int(i) >= in.NumItems {
				return nil, fmt.Errorf("mf: user %d has item %d outside 0..%d", u, i, in.NumItems-1)
			}
			t.pairs = append(t.pairs, pair{int32(u), i})
		}
	}
	if len(t.pairs) == 0 {
		return nil, errors.New("mf: no training interactions")
	}
	t.m = initModel(in.NumUsers, in.NumItems, cfg)
	return t, nil
}

func initModel(users, items int, cfg Config) *Model {
	r := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x6d66))
	m := &Model{Users: users, Items: items, Dim: cfg.Dim,
		U: make([]float32, users*cfg.Dim), V: make([]float32, items*cfg.Dim), B: make([]float32, items)}
	for _, w := range [][]float32{m.U, m.V} {
		for j := range w {
			w[j] = float32(r.NormFloat64()) * cfg.InitStd
		}
	}
	return m
}

func (t *trainer) run(ctx context.Context) (*Model, []Epoch, error) {
	var hist []Epoch
	var best *Model
	stop := nn.NewPlateau(t.cfg.LearningRate, t.cfg.LRDecay, t.cfg.Patience)
	for ep := 1; ep <= t.cfg.Epochs; ep++ {
		start := time.Now()
		bar := progress.New(t.cfg.Progress, fmt.Sprintf("epoch %d/%d", ep, t.cfg.Epochs), int64(len(t.pairs)), "ex")
		loss, err := t.epoch(ctx, ep, bar)
		if err != nil {
			return nil, hist, err
		}
		e := Epoch{Epoch: ep, Loss: loss, LR: t.lr}
		if len(t.in.Valid) > 0 && (ep%t.cfg.EvalEvery == 0 || ep == t.cfg.Epochs) {
			rep, err := eval.Evaluate(ctx, t.m, t.in.Valid, eval.Options{Ks: []int{10}, Workers: t.cfg.Workers})
			if err != nil {
				return nil, hist, err
			}
			e.NDCG10 = rep.NDCG[10]
			if e.Best = stop.Observe(e.NDCG10); e.Best {
				best = t.m.clone()
			}
			t.lr = stop.LR
			bar.Set(fmt.Sprintf("loss=%.4f val_ndcg@10=%.4f", loss, e.NDCG10))
		} else {
			bar.Set(fmt.Sprintf("loss=%.4f", loss))
		}
		bar.Done()
		e.Seconds = time.Since(start).Seconds()
		hist = append(hist, e)
		if stop.Stop() {
			break
		}
	}
	if best == nil {
		best = t.m
	}
	return best, hist, nil
}

// epoch runs one pass: the pairs are shuffled (with nn.SampleUsers: replaced by as many user-uniform draws) with a per-epoch seed and split into one contiguous share per
// worker; each worker samples negatives from its own seeded generator.
func (t *trainer) epoch(ctx context.Context, ep int, bar *progress.Bar) (float64, error) {
	r := rand.New(rand.NewPCG(uint64(t.cfg.Seed), uint64(ep)))
	pairs := t.pairs
	if t.cfg.Sampling == nn.SampleUsers {
		t.drawn = t.drawn[:0]
		nn.UserUniform(r, t.pos, len(t.pairs), func(u, i int32) { t.drawn = append(t.drawn, pair{u, i}) })
		pairs = t.drawn
	} else {
		r.Shuffle(len(t.pairs), func(a, b int) { t.pairs[a], t.pairs[b] = t.pairs[b], t.pairs[a] })
	}
	w := t.cfg.Workers
	losses := make([]float64, w)
	errs := make([]error, w)
	var wg sync.WaitGroup
	for k := range w {
		lo, hi := k*len(pairs)/w, (k+1)*len(pairs)/w
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(t.cfg.Seed)^uint64(ep)<<20, uint64(k)))
			losses[k], errs[k] = t.work(ctx, pairs[lo:hi], rng, bar)
		}()
	}
	wg.Wait()
	var sum float64
	for k := range w {
		if errs[k] != nil {
			return 0, errs[k]
		}
		sum += losses[k]
	}
	return sum / float64(len(pairs)), nil
}

const chunk = 4096

func (t *trainer) work(ctx context.Context, pairs []pair, rng *rand.Rand, bar *progress.Bar) (float64, error) {
	var loss float64
	for lo := 0; lo < len(pairs); lo += chunk {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		hi := min(lo+chunk, len(pairs))
		for _, p := range pairs[lo:hi] {
			loss += t.step(p.u, p.i, t.hardNegative(p.u, rng))
		}
		bar.Add(int64(hi - lo))
	}
	return loss, nil
}

// negative samples an item the user has not interacted with (uniformly; gives up after 32 tries on users
// who have seen nearly everything and returns the last draw).
func (t *trainer) negative(u int32, rng *rand.Rand) int32 {
	var j int32
	for range 32 {
		j = int32(rng.IntN(t.in.NumItems))
		if _, found := slices.BinarySearch(t.pos[u], j); !found {
			break
		}
	}
	return j
}

// hardNegative draws Config.Negatives negatives and keeps the one the model currently scores highest
// (dynamic negative sampling, Zhang et al. 2013); with one negative it is plain uniform sampling.
func (t *trainer) hardNegative(u int32, rng *rand.Rand) int32 {
	j := t.negative(u, rng)
	if t.cfg.Negatives <= 1 {
		return j
	}
	m := t.m
	pu := m.UserVec(u)
	best := kernel.Dot(pu, m.ItemVec(j)) + m.B[j]
	for range t.cfg.Negatives - 1 {
		c := t.negative(u, rng)
		if s := kernel.Dot(pu, m.ItemVec(c)) + m.B[c]; s > best {
			j, best = c, s
		}
	}
	return j
}

// step does one SGD update on the triple (u, i, j) and returns its BPR loss -ln σ(x_ui - x_uj).
func (t *trainer) step(u, i, j int32) float64 {
	m, lr, reg := t.m, t.lr, t.cfg.Reg
	pu, qi, qj := m.UserVec(u), m.ItemVec(i), m.ItemVec(j)
	x := m.B[i] - m.B[j]
	for d := range pu {
		x += pu[d] * (qi[d] - qj[d])
	}
	g := sigmoid(-x) // d(-ln σ(x))/dx = -σ(-x)
	if t.cfg.Bias {
		m.B[i] += lr * (g - reg*m.B[i])
		m.B[j] += lr * (-g - reg*m.B[j])
	}
	for d := range pu {
		uf, a, b := pu[d], qi[d], qj[d]
		pu[d] += lr * (g*(a-b) - reg*uf)
		qi[d] += lr * (g*uf - reg*a)
		qj[d] += lr * (-g*uf - reg*b)
	}
	return softplus(-x)
}

func sigmoid(x float32) float32 { return float32(1 / (1 + math.Exp(-float64(x)))) }

func softplus(x float32) float64 {
	v := float64(x)
	if v > 30 {
		return v
	}
	return math.Log1p(math.Exp(v))
}
