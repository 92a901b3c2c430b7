// Package preptest builds the catalogs and bundles that the tests of every plugin host (rules/plugin,
// wasm/pluginhost) share, so that both hosts are tested on the same data. Only tests import it.
//
// # Concurrency
//
// Its functions share no state.
package preptest

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/corerec/corerec/modelpack"
	"github.com/stretchr/testify/require"
)

// Catalog has n items "i0".."i{n-1}" in categories "c0".."c2", created one day apart.
func Catalog(n int) *modelpack.Catalog {
	cat := &modelpack.Catalog{}
	for i := range n {
		cat.ItemIDs = append(cat.ItemIDs, "i"+strconv.Itoa(i))
		cat.Category = append(cat.Category, "c"+strconv.Itoa(i%3))
		cat.CreatedAt = append(cat.CreatedAt, int64(1_700_000_000+86400*i))
	}
	return cat
}

// Bundle writes a bundle of the n items of Catalog(n), popularity falling with the index (so a visitor
// gets i0, i1, ... in order), whose rules spec is spec, with the plugin modules as sections (rule name →
// module, in section modelpack.SectionPlugin(name)).
func Bundle(t testing.TB, n int, spec string, plugins map[string][]byte) []byte {
	t.Helper()
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindMF, Dim: 2, Metric: modelpack.MetricDot})
	require.NoError(t, b.AddCatalog(Catalog(n)))
	vecs, pop := make([]float32, 2*n), make([]float32, n)
	for i := range n {
		vecs[2*i], pop[i] = 1, float32(n-i)
	}
	require.NoError(t, b.AddMatrix(modelpack.SectionItemEmbeddings, modelpack.Matrix{Rows: n, Cols: 2, F32: vecs}))
	require.NoError(t, b.AddF32(modelpack.SectionItemPopularity, []int{n}, pop))
	require.NoError(t, b.AddBytes(modelpack.SectionPipelineSpec, []byte(`{"format":1,"retrievers":[{"kind":"popular"}]}`)))
	require.NoError(t, b.AddBytes(modelpack.SectionRulesSpec, []byte(spec)))
	for name, wasm := range plugins {
		require.NoError(t, b.AddBytes(modelpack.SectionPlugin(name), wasm))
	}
	var buf bytes.Buffer
	_, err := b.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}
