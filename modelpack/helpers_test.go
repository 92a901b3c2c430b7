package modelpack

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testManifest is a fixed manifest (deterministic bytes).
func testManifest() Manifest {
	return Manifest{
		Kind: "mf", Name: "golden", Dim: 4, Metric: "dot",
		CreatedAt: time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC),
		Training: Training{Source: "synthetic", Users: 3, Items: 5, Interactions: 7,
			Params: map[string]string{"lr": "0.05", "reg": "0.01"}, Epochs: 2, Seconds: 1.5},
		Metrics: map[string]float64{"ndcg@10": 0.25, "hr@10": 0.5},
		Extra:   map[string]string{"note": "golden"},
	}
}

// randMatrix returns a rows × cols f32 matrix of N(0,1)·scale values.
func randMatrix(rng *rand.Rand, rows, cols int, scale float32) Matrix {
	v := make([]float32, rows*cols)
	for i := range v {
		v[i] = float32(rng.NormFloat64()) * scale
	}
	return Matrix{Rows: rows, Cols: cols, F32: v}
}

// goldenBuilder builds a small bundle that uses every section kind.
func goldenBuilder(t testing.TB) *Builder {
	rng := rand.New(rand.NewPCG(1, 2))
	b := NewBuilder(testManifest())
	emb := randMatrix(rng, 5, 4, 1)
	q8, err := Quantize(emb, QuantInt8, false)
	require.NoError(t, err)
	q16, err := Quantize(emb, QuantF16, false)
	require.NoError(t, err)
	seen, err := NewCSR([][]int32{{0, 2}, {}, {1, 3, 4}}, 5)
	require.NoError(t, err)
	require.NoError(t, firstErr(
		b.AddMatrix("items", q8),
		b.AddMatrix("items.fine", q16),
		b.AddMatrix("users", randMatrix(rng, 3, 4, 1)),
		b.AddF32("bias", []int{5}, []float32{0.5, -1, 2, 0, 3.25}),
		b.AddUint32("counts", []int{2, 2}, []uint32{1, 2, 3, 4}),
		b.AddBytes("rules.json", []byte(`{"max_per_category":2}`)),
		b.AddCSR("seen", seen),
		b.AddCatalog(&Catalog{
			ItemIDs:   []string{"i-apple", "i-pear", "i-fig", "i-kiwi", "i-lime"},
			UserIDs:   []string{"u-ann", "u-bob", "u-cy"},
			Category:  []string{"fruit", "", "fruit", "exotic", "citrus"},
			CreatedAt: []int64{1700000000, 0, 1700000100, 1700000200, 1700000300},
			Tags:      [][]string{{"red"}, nil, {"sweet", "red"}, {}, {"sour"}},
		}),
	))
	return b
}

func build(t testing.TB, b *Builder) []byte {
	var buf bytes.Buffer
	n, err := b.WriteTo(&buf)
	require.NoError(t, err)
	require.EqualValues(t, buf.Len(), n)
	return buf.Bytes()
}

func openT(t testing.TB, data []byte) *Bundle {
	bd, err := OpenBytes(data, Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = bd.Close() })
	return bd
}
