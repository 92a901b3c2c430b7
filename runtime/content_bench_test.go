package runtime_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// contentBenchBundle writes a random TF-IDF bundle: n items with terms terms each out of vocab.
func contentBenchBundle(b *testing.B, n, vocab, terms int) []byte {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	ids := make([]string, n)
	rows := make([][]int32, n)
	byTerm := make([][]int32, vocab)
	var w []float32
	for i := range n {
		ids[i] = "i" + strconv.Itoa(i)
		seen := map[int32]bool{}
		for len(rows[i]) < terms {
			t := int32(rng.IntN(vocab))
			if !seen[t] {
				seen[t] = true
				rows[i] = append(rows[i], t)
			}
		}
		for range terms {
			w = append(w, rng.Float32()+0.1)
		}
	}
	var tw []float32
	for i, r := range rows {
		for _, t := range r {
			byTerm[t] = append(byTerm[t], int32(i))
		}
	}
	for _, l := range byTerm {
		for range l {
			tw = append(tw, rng.Float32()+0.1)
		}
	}
	bl := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindTFIDF, Dim: vocab, Metric: modelpack.MetricCosine})
	require.NoError(b, bl.AddCatalog(&modelpack.Catalog{ItemIDs: ids}))
	ic, err := modelpack.NewCSR(rows, vocab)
	require.NoError(b, err)
	require.NoError(b, bl.AddCSR(modelpack.SectionContentItems, ic))
	require.NoError(b, bl.AddF32(modelpack.SectionContentItemWeights, []int{len(w)}, w))
	tc, err := modelpack.NewCSR(byTerm, n)
	require.NoError(b, err)
	require.NoError(b, bl.AddCSR(modelpack.SectionContentTerms, tc))
	require.NoError(b, bl.AddF32(modelpack.SectionContentTermWeights, []int{len(tw)}, tw))
	var buf bytes.Buffer
	_, err = bl.WriteTo(&buf)
	require.NoError(b, err)
	return buf.Bytes()
}

func BenchmarkContentRecommend(b *testing.B) {
	const n, vocab, terms = 2000, 5000, 20
	eng, err := runtime.OpenBytes(contentBenchBundle(b, n, vocab, terms), runtime.Options{})
	require.NoError(b, err)
	defer eng.Close()
	for _, h := range []int{1, 10, 50} {
		b.Run("items="+strconv.Itoa(n)+"/history="+strconv.Itoa(h), func(b *testing.B) {
			hist := make([]string, h)
			for i := range hist {
				hist[i] = "i" + strconv.Itoa(i*37%n)
			}
			req := runtime.Request{History: hist, K: 10}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := eng.Recommend(ctx, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
