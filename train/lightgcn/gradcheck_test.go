package lightgcn

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// refLoss is the LightGCN batch loss computed densely in float64 from its definition: F = Σ_k Â^k E /(K+1),
// mean BPR over the triples plus λ·½Σ‖e⁰‖²/B over the triples' layer-0 rows.
func refLoss(dense [][]float64, ego []float64, dim, layers, users int, batch []triple, lambda float64) float64 {
	final := append([]float64(nil), ego...)
	cur := ego
	for range layers {
		cur = denseMul(dense, cur, dim)
		for i, v := range cur {
			final[i] += v
		}
	}
	row := func(m []float64, node int) []float64 { return m[node*dim : (node+1)*dim] }
	dot := func(a, b []float64) (s float64) {
		for i := range a {
			s += a[i] * b[i]
		}
		return s
	}
	alpha := 1 / float64(layers+1)
	var loss, reg float64
	for _, b := range batch {
		u, i, j := int(b.u), users+int(b.i), users+int(b.j)
		fu, fi, fj := row(final, u), row(final, i), row(final, j)
		x := alpha * alpha * (dot(fu, fi) - dot(fu, fj))
		loss += math.Log1p(math.Exp(-x))
		for _, n := range []int{u, i, j} {
			reg += dot(row(ego, n), row(ego, n))
		}
	}
	b := float64(len(batch))
	return loss/b + lambda*0.5*reg/b
}

// The trainer's gradient of the batch loss (propagation, BPR, L2 term) against central differences of
// refLoss in float64, for several layer counts and worker counts; and a reference with one layer fewer
// must disagree, so the check can fail.
func TestGradientMatchesFiniteDifferences(t *testing.T) {
	users, items, dim := 7, 6, 3
	train := randomGraph(users, items, 9)
	dense := denseAdjacency(users, items, train)
	batch := []triple{{0, 1, 2}, {1, 0, 3}, {0, 4, 1}, {2, 1, 5}, {3, 2, 2}}
	for _, tc := range []struct{ layers, workers int }{{1, 1}, {2, 2}, {3, 1}, {3, 3}, {4, 2}} {
		t.Run(fmt.Sprintf("layers=%d/workers=%d", tc.layers, tc.workers), func(t *testing.T) {
			cfg := Config{Dim: dim, Layers: tc.layers, Workers: tc.workers, Reg: 0.05, InitStd: 0.7}.WithDefaults()
			tr, err := newTrainer(Input{NumUsers: users, NumItems: items, Train: train}, cfg)
			require.NoError(t, err)
			tr.gradient(batch)
			ego, grad := to64(tr.origEgo()), tr.origGrad()
			numeric := func(layers int, i int) float64 {
				const eps = 1e-6
				old := ego[i]
				ego[i] = old + eps
				lp := refLoss(dense, ego, dim, layers, users, batch, 0.05)
				ego[i] = old - eps
				lm := refLoss(dense, ego, dim, layers, users, batch, 0.05)
				ego[i] = old
				return (lp - lm) / (2 * eps)
			}
			var wrong int
			for i := range ego {
				num := numeric(tc.layers, i)
				require.InDelta(t, num, float64(grad[i]), 1e-5+1e-4*math.Abs(num), "d loss / d ego[%d]", i)
				if w := numeric(tc.layers-1, i); math.Abs(w-float64(grad[i])) > 1e-5+1e-4*math.Abs(w) {
					wrong++
				}
			}
			require.Positive(t, wrong, "a reference with %d layers must disagree somewhere", tc.layers-1)
		})
	}
}

// A trainer's gradient does not depend on the batches before it: what a step reuses (the packed rows, the
// node-to-slot map the backward's first product reads) leaves nothing behind. After two other batches, a batch's
// gradient equals, bit for bit, a fresh trainer's.
func TestGradientLeavesNoState(t *testing.T) {
	users, items, dim := 30, 20, 8
	train := randomGraph(users, items, 4)
	batches := [][]triple{
		{{0, 1, 2}, {5, 7, 3}, {9, 4, 1}, {12, 11, 0}},
		{{1, 19, 2}, {2, 0, 18}, {29, 3, 6}},
		{{3, 4, 5}, {0, 2, 9}},
	}
	for _, layers := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("layers=%d", layers), func(t *testing.T) {
			cfg := Config{Dim: dim, Layers: layers, Workers: 2, Reg: 0.05, InitStd: 0.5}.WithDefaults()
			in := Input{NumUsers: users, NumItems: items, Train: train}
			used, err := newTrainer(in, cfg)
			require.NoError(t, err)
			for _, b := range batches[:2] {
				used.gradient(b)
			}
			lossUsed := used.gradient(batches[2])
			fresh, err := newTrainer(in, cfg)
			require.NoError(t, err)
			require.Equal(t, fresh.gradient(batches[2]), lossUsed)
			require.Equal(t, fresh.grad, used.grad)
			require.NotEqual(t, make([]float32, len(fresh.grad)), fresh.grad)
		})
	}
}
