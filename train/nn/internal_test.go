package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// smallModel is a two-tower-like computation touching every parallel op: embeddings, Linear
// with GELU, LayerNorm, Dropout, L2Normalize, and the fused in-batch softmax.
type smallModel struct {
	params              Params
	users, items        *Param
	w1, b1, w2, g, beta *Param
	uid, iid            []int32
}

func newSmallModel() *smallModel {
	rng := rand.New(rand.NewPCG(1, 1))
	m := &smallModel{}
	m.users = m.params.Sparse("users", 50, 8)
	m.items = m.params.Sparse("items", 40, 8)
	m.w1 = m.params.Dense("w1", 16, 8)
	m.b1 = m.params.Dense("b1", 1, 16)
	m.w2 = m.params.Dense("w2", 8, 16)
	m.g = m.params.Dense("g", 1, 16)
	m.beta = m.params.Dense("beta", 1, 16)
	for _, p := range m.params.All() {
		p.InitUniform(rng, 0.8)
	}
	for range 96 {
		m.uid = append(m.uid, int32(rng.IntN(50)))
		m.iid = append(m.iid, int32(rng.IntN(40)))
	}
	return m
}

func (m *smallModel) tower(t *Tape, table *Param, ids []int32) *Tensor {
	h := t.Linear(t.Embedding(table, ids), m.w1, m.b1, ActGELU)
	h = t.Dropout(t.LayerNorm(h, m.g, m.beta, 1e-5), 0.1)
	return t.L2Normalize(t.Linear(h, m.w2, nil, ActNone))
}

// step returns the loss and a copy of every gradient (sparse rows in touched order).
func (m *smallModel) step(t *Tape) (float32, [][]float32) {
	t.Reset()
	loss := t.InBatchSoftmaxWith(m.tower(t, m.users, m.uid), m.tower(t, m.items, m.iid),
		InBatchOptions{Temperature: 0.2, ItemIDs: m.iid})
	m.params.ZeroGrad()
	if err := t.Backward(loss); err != nil {
		panic(err)
	}
	var grads [][]float32
	for _, p := range m.params.All() {
		if p.Sparse() {
			grads = append(grads, append([]float32(nil), p.rowGrad...))
		} else {
			grads = append(grads, append([]float32(nil), p.Grad...))
		}
	}
	return loss.Scalar(), grads
}

func TestParallelDeterministicAndEqual(t *testing.T) {
	testMinChunk = 5 // split even these small tensors over workers
	defer func() { testMinChunk = 0 }()
	m := newSmallModel()
	l1, g1 := m.step(NewTape(Config{Workers: 1, Seed: 9}))
	l3, g3 := m.step(NewTape(Config{Workers: 3, Seed: 9}))
	l3b, g3b := m.step(NewTape(Config{Workers: 3, Seed: 9}))
	require.Equal(t, l3, l3b, "same seed and workers: bit-for-bit")
	require.Equal(t, g3, g3b)
	require.InDelta(t, l1, l3, 1e-6, "worker count changes only summation order")
	for i := range g1 {
		require.InDeltaSlice(t, g1[i], g3[i], 1e-6, "param %s", m.params.All()[i].Name)
	}
}

func TestArenaReusedAcrossSteps(t *testing.T) {
	m := newSmallModel()
	tape := NewTape(Config{Workers: 2})
	m.step(tape)
	m.step(tape) // the first Reset grew the slab to the high-water mark
	size := len(tape.arena.buf)
	require.Positive(t, size)
	for range 3 {
		m.step(tape)
		require.Zero(t, tape.arena.overflow, "no arena overflow after warm-up")
	}
	require.Len(t, tape.arena.buf, size)
	require.Len(t, tape.tensors, tape.used, "tensor headers are recycled, not reallocated")
}

func TestSoftmaxRow(t *testing.T) {
	negInf := float32(math.Inf(-1))
	tests := []struct {
		name string
		row  []float32
	}{
		{"plain", []float32{1, 2, 3, -1}},
		{"wide_range", []float32{0, -50, -100, -1000, 30}},
		{"masked", []float32{1, negInf, 2, negInf}},
		{"long", make([]float32, 37)},
	}
	for i := range tests[3].row {
		tests[3].row[i] = float32(i%7) - 3
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			row := append([]float32(nil), tc.row...)
			lse := softmaxRowScaled(row, 0.5)
			m := math.Inf(-1)
			for _, v := range tc.row {
				m = math.Max(m, float64(v))
			}
			var s float64
			for _, v := range tc.row {
				s += math.Exp(float64(v) - m)
			}
			require.InDelta(t, m+math.Log(s), lse, 1e-5)
			for j, v := range tc.row {
				want := 0.5 * math.Exp(float64(v)-m) / s
				require.InDelta(t, want, row[j], 1e-6)
				if v == negInf {
					require.Zero(t, row[j], "masked entries are exactly 0")
				}
			}
		})
	}
	require.True(t, math.IsNaN(softmaxRow([]float32{1, float32(math.NaN())})))
	require.True(t, math.IsNaN(softmaxRow([]float32{1, float32(math.Inf(1))})))
	all := []float32{negInf, negInf}
	require.True(t, math.IsInf(softmaxRow(all), -1))
	require.Equal(t, []float32{0, 0}, all)
}

func TestArenaAlignmentAndGrowth(t *testing.T) {
	var a arena
	x := a.alloc(5)
	require.Len(t, x, 5)
	require.Equal(t, 16, a.overflow)
	a.reset()
	require.Len(t, a.buf, 16)
	y := a.alloc(5)
	z := a.zeros(3)
	require.Equal(t, []float32{0, 0, 0}, z)
	require.Equal(t, 16, a.off)
	require.Equal(t, 16, a.overflow, "the second slice overflows the 16-float slab")
	y[0] = 1
	a.reset()
	require.Len(t, a.buf, 32)
}

func TestChunks(t *testing.T) {
	require.Equal(t, 1, chunks(10, 8, 4))
	require.Equal(t, 2, chunks(16, 8, 4))
	require.Equal(t, 4, chunks(1000, 8, 4))
	require.Equal(t, 1, chunks(0, 8, 4))
	covered := 0
	for p := range 3 {
		lo, hi := chunkRange(10, 3, p)
		require.Equal(t, covered, lo)
		covered = hi
	}
	require.Equal(t, 10, covered)
}
