package nn_test

import (
	"fmt"
	"math/rand/v2"
	goruntime "runtime"
	"testing"

	"github.com/corerec/corerec/internal/cputime"
	"github.com/corerec/corerec/train/nn"
)

// The configuration of issue 3's speed target, mirrored by testdata/twotower_step.py.
const (
	ttUsers  = 6040
	ttItems  = 3706
	ttDim    = 64
	ttHidden = 128
	ttBatch  = 1024
	ttTau    = 0.05
)

// tower is an ID embedding followed by dim→hidden (ReLU) →dim and L2 normalisation.
type tower struct {
	emb, w1, b1, w2, b2 *nn.Param
}

func newTower(ps *nn.Params, name string, n int, rng *rand.Rand) tower {
	t := tower{
		emb: ps.Sparse(name+".emb", n, ttDim),
		w1:  ps.Dense(name+".w1", ttHidden, ttDim),
		b1:  ps.Dense(name+".b1", 1, ttHidden),
		w2:  ps.Dense(name+".w2", ttDim, ttHidden),
		b2:  ps.Dense(name+".b2", 1, ttDim),
	}
	t.emb.InitNormal(rng, 1) // PyTorch nn.Embedding's init
	t.w1.InitKaiming(rng)
	t.b1.InitKaiming(rng)
	t.w2.InitKaiming(rng)
	t.b2.InitKaiming(rng)
	return t
}

func (t tower) forward(tp *nn.Tape, ids []int32) *nn.Tensor {
	h := tp.Linear(tp.Embedding(t.emb, ids), t.w1, t.b1, nn.ActReLU)
	return tp.L2Normalize(tp.Linear(h, t.w2, t.b2, nn.ActNone))
}

type twoTower struct {
	params     nn.Params
	user, item tower
	tape       *nn.Tape
	opt        nn.Optimizer
	uids, iids [][]int32
	step       int
	lastLoss   float32
}

func newTwoTower(workers int) *twoTower {
	rng := rand.New(rand.NewPCG(1, 2))
	m := &twoTower{tape: nn.NewTape(nn.Config{Workers: workers, Seed: 1})}
	m.user = newTower(&m.params, "user", ttUsers, rng)
	m.item = newTower(&m.params, "item", ttItems, rng)
	m.opt = nn.NewAdam(m.params.All(), nn.AdamConfig{LR: 1e-3})
	for range 64 {
		m.uids = append(m.uids, randIDs(ttBatch, ttUsers, rng.Uint64()))
		m.iids = append(m.iids, randIDs(ttBatch, ttItems, rng.Uint64()))
	}
	return m
}

func (m *twoTower) trainStep() error {
	tp := m.tape
	tp.Reset()
	k := m.step % len(m.uids)
	m.step++
	u := m.user.forward(tp, m.uids[k])
	v := m.item.forward(tp, m.iids[k])
	loss := tp.InBatchSoftmax(u, v, ttTau, nil)
	m.params.ZeroGrad()
	if err := tp.Backward(loss); err != nil {
		return err
	}
	m.opt.Step()
	m.lastLoss = loss.Scalar()
	return nil
}

// BenchmarkTwoTowerStep times one training step of issue 3's two-tower configuration:
// 6,040 users × 3,706 items, ID embeddings of dim 64, towers 64→128 (ReLU)→64 with L2
// normalisation, batch 1024, in-batch softmax (τ = 0.05), Adam (lazy row-sparse for the
// embedding tables). Compare with testdata/twotower_step.py at the same thread count.
func BenchmarkTwoTowerStep(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			defer goruntime.GOMAXPROCS(goruntime.GOMAXPROCS(threads))
			m := newTwoTower(threads)
			for range 3 { // warm the arena
				if err := m.trainStep(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			cpu0 := cputime.Seconds()
			b.ResetTimer()
			for b.Loop() {
				if err := m.trainStep(); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			cpu := cputime.Seconds() - cpu0
			ex := float64(b.N * ttBatch)
			b.ReportMetric(ex/b.Elapsed().Seconds(), "examples/s")
			if cpu > 0 {
				b.ReportMetric(ex/cpu, "examples/cpu-s")
			}
		})
	}
}
