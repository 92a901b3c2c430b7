package ann

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// gatherImpls lists the gather kernels of this build: the generic loops, plus the assembly ones
// when the CPU runs them (gather_amd64_test.go).
type gatherSet struct {
	name   string
	dot    func(q, rows []float32, ids []int32, out []float32)
	negL2  func(q, rows []float32, ids []int32, out []float32)
	dotF16 func(q []float32, rows []uint16, ids []int32, out []float32)
	dotI8  func(q []float32, rows []int8, ids []int32, out []float32)
	dotRow func(q []float32, rows []int8, ids []int32, out []float32, scale, offset []float32, sumQ float32)
}

var genericGathers = gatherSet{"generic", gatherDotGeneric, gatherNegL2Generic, gatherDotF16Generic,
	gatherDotI8Generic, gatherDotI8RowGeneric}

// TestGatherKernels checks every gather kernel against a float64 reference for every dimension
// 1…2·lanes+3 (lanes = 8 floats, 32 for the unrolled loop) and a few larger ones.
func TestGatherKernels(t *testing.T) {
	dims := []int{64, 100, 128, 257}
	for d := 1; d <= 2*32+3; d++ {
		dims = append(dims, d)
	}
	for _, set := range gatherSets() {
		for _, dim := range dims {
			t.Run(fmt.Sprintf("impl=%s/dim=%d", set.name, dim), func(t *testing.T) {
				checkGather(t, set, dim)
			})
		}
	}
}

func checkGather(t *testing.T, set gatherSet, dim int) {
	rng := rand.New(rand.NewPCG(uint64(dim), 3))
	const n = 37
	q := make([]float32, dim)
	for i := range q {
		q[i] = float32(rng.NormFloat64())
	}
	rows := make([]float32, n*dim)
	for i := range rows {
		rows[i] = float32(rng.NormFloat64())
	}
	f16 := EncodeF16(rows, dim)
	i8 := make([]int8, n*dim)
	for i := range i8 {
		i8[i] = int8(rng.IntN(256) - 128)
	}
	ids := []int32{5, 0, int32(n - 1), 17, 17, 3, 36, 8, 1, 30}
	out := make([]float32, len(ids)+1)
	ref := func(row func(j int) float64, l2 bool) func(k int) float64 {
		return func(k int) float64 {
			var s float64
			for j := range dim {
				x := row(int(ids[k])*dim + j)
				if l2 {
					s -= (float64(q[j]) - x) * (float64(q[j]) - x)
				} else {
					s += float64(q[j]) * x
				}
			}
			return s
		}
	}
	check := func(name string, want func(k int) float64) {
		for k := range ids {
			require.InDelta(t, want(k), float64(out[k]), 1e-4*math.Max(1, math.Abs(want(k))), "%s k=%d", name, k)
		}
		require.Zero(t, out[len(ids)], "%s wrote past len(ids)", name)
	}
	set.dot(q, rows, ids, out[:len(ids)])
	check("dot", ref(func(i int) float64 { return float64(rows[i]) }, false))
	set.negL2(q, rows, ids, out[:len(ids)])
	check("negL2", ref(func(i int) float64 { return float64(rows[i]) }, true))
	set.dotF16(q, f16.F16, ids, out[:len(ids)])
	dec := make([]float32, n*dim)
	for i := range n {
		f16.Row(i, dec[i*dim:])
	}
	check("dotF16", ref(func(i int) float64 { return float64(dec[i]) }, false))
	set.dotI8(q, i8, ids, out[:len(ids)])
	check("dotI8", ref(func(i int) float64 { return float64(i8[i]) }, false))
	scale, offset := make([]float32, n), make([]float32, n)
	for i := range n {
		scale[i], offset[i] = rng.Float32(), rng.Float32()-0.5
	}
	const sumQ = 1.5
	set.dotRow(q, i8, ids, out[:len(ids)], scale, offset, sumQ)
	dot := ref(func(i int) float64 { return float64(i8[i]) }, false)
	check("dotI8Row", func(k int) float64 {
		id := ids[k]
		return float64(offset[id])*sumQ + float64(scale[id])*dot(k)
	})
}
