//go:build !js

package runtime_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// itemTowerBundle is a hand-made bundle with a weighted item tower: modality "t" (dim 2, identity
// projection), attributes a=[1,1] and b=[3,−1], the ID (always missing for new items), modality logits
// [0, ln 3, 5], and one layer diag(1, 2) + [0.5, 0]. drop leaves a section out; shapes overrides one.
func itemTowerBundle(t *testing.T, drop string, shapes map[string][]int) *modelpack.Bundle {
	t.Helper()
	spec := `{"version":1,"strategy":"weighted","width":2,"modalities":[{"name":"t","dim":2}],` +
		`"attributes":["a","b"],"id":true,"layers":[{"in":2,"out":2,"activation":"none"}],"normalize":false}`
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindTwoTower, Dim: 2, Metric: modelpack.MetricDot,
		Extra: map[string]string{runtime.ExtraItemTower: spec}})
	require.NoError(t, b.AddCatalog(&modelpack.Catalog{ItemIDs: []string{"x", "y"}}))
	require.NoError(t, b.AddMatrix(modelpack.SectionItemEmbeddings, modelpack.Matrix{Rows: 2, Cols: 2, Quant: modelpack.QuantF32, F32: []float32{1, 0, 0, 1}}))
	for _, s := range []struct {
		name  string
		v     []float32
		shape []int
	}{
		{"tower.item.modality.0.weight", []float32{1, 0, 0, 1}, []int{2, 2}},
		{"tower.item.modality.0.bias", []float32{0, 0}, []int{2}},
		{"tower.item.attributes", []float32{1, 1, 3, -1}, []int{2, 2}},
		{"tower.item.fusion.logits", []float32{0, float32(math.Log(3)), 5}, []int{3}},
		{"tower.item.0.weight", []float32{1, 0, 0, 2}, []int{2, 2}},
		{"tower.item.0.bias", []float32{0.5, 0}, []int{2}},
	} {
		if s.name == drop {
			continue
		}
		if sh, ok := shapes[s.name]; ok {
			s.shape = sh
			s.v = make([]float32, sh[0]*sh[len(sh)-1])
		}
		require.NoError(t, b.AddF32(s.name, s.shape, s.v))
	}
	var buf bytes.Buffer
	_, err := b.WriteTo(&buf)
	require.NoError(t, err)
	bundle, err := modelpack.OpenBytes(buf.Bytes(), modelpack.Options{})
	require.NoError(t, err)
	return bundle
}

// The item tower computes the documented formula: a softmax over the present modalities only.
func TestItemTowerEncode(t *testing.T) {
	tower, err := runtime.LoadItemTower(itemTowerBundle(t, "", nil))
	require.NoError(t, err)
	for name, c := range map[string]struct {
		in   runtime.ItemInput
		want []float32
	}{
		// weights 1/4, 3/4 (the ID is missing): 0.25·[4,8] + 0.75·mean([1,1],[3,−1]) = [2.5, 2].
		"text and attributes": {runtime.ItemInput{Modalities: map[string][]float32{"t": {4, 8}}, Attributes: []string{"a", "b", "zz"}}, []float32{3, 4}},
		"text only":           {runtime.ItemInput{Modalities: map[string][]float32{"t": {4, 8}}}, []float32{4.5, 16}},
		"attributes only":     {runtime.ItemInput{Attributes: []string{"b"}}, []float32{3.5, -2}},
		"nothing known":       {runtime.ItemInput{Modalities: map[string][]float32{"t": nil}, Attributes: []string{"zz"}}, []float32{0.5, 0}},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := tower.Encode(c.in)
			require.NoError(t, err)
			require.InDeltaSlice(t, c.want, got, 1e-6)
		})
	}
}

// A damaged item tower is refused with ErrBundle, never a panic.
func TestLoadItemTowerErrors(t *testing.T) {
	for name, c := range map[string]struct {
		drop   string
		shapes map[string][]int
	}{
		"missing projection": {drop: "tower.item.modality.0.weight"},
		"missing logits":     {drop: "tower.item.fusion.logits"},
		"missing attributes": {drop: "tower.item.attributes"},
		"wrong layer shape":  {shapes: map[string][]int{"tower.item.0.weight": {3, 2}}},
		"wrong logits":       {shapes: map[string][]int{"tower.item.fusion.logits": {1, 2}}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := runtime.LoadItemTower(itemTowerBundle(t, c.drop, c.shapes))
			require.ErrorIs(t, err, runtime.ErrBundle)
		})
	}
}

func TestParseItemTowerSpecErrors(t *testing.T) {
	for name, raw := range map[string]string{
		"unknown key":     `{"version":1,"strategy":"concat","width":2,"id":true,"layers":[{"in":3,"out":2,"activation":"none"}],"extra":1}`,
		"version":         `{"version":2,"strategy":"concat","width":2,"id":true,"layers":[{"in":3,"out":2,"activation":"none"}]}`,
		"strategy":        `{"version":1,"strategy":"sum","width":2,"id":true,"layers":[{"in":2,"out":2,"activation":"none"}]}`,
		"no modality":     `{"version":1,"strategy":"weighted","width":2,"layers":[{"in":2,"out":2,"activation":"none"}]}`,
		"concat width":    `{"version":1,"strategy":"concat","width":2,"id":true,"layers":[{"in":2,"out":2,"activation":"none"}]}`,
		"output dim":      `{"version":1,"strategy":"weighted","width":2,"id":true,"layers":[{"in":2,"out":3,"activation":"none"}]}`,
		"repeated name":   `{"version":1,"strategy":"weighted","width":2,"modalities":[{"name":"a","dim":1},{"name":"a","dim":1}],"layers":[{"in":2,"out":2,"activation":"none"}]}`,
		"bad activation":  `{"version":1,"strategy":"weighted","width":2,"id":true,"layers":[{"in":2,"out":2,"activation":"swish"}]}`,
		"trailing data":   `{"version":1,"strategy":"weighted","width":2,"id":true,"layers":[{"in":2,"out":2,"activation":"none"}]} {}`,
		"huge modalities": `{"version":1,"strategy":"weighted","width":2,"modalities":[{"name":"a","dim":100000000}],"layers":[{"in":2,"out":2,"activation":"none"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := runtime.ParseItemTowerSpec([]byte(raw), 2)
			require.ErrorIs(t, err, runtime.ErrBundle)
		})
	}
}

// FuzzParseItemTowerSpec: any bytes give a consistent spec or an error wrapping ErrBundle, never a panic.
func FuzzParseItemTowerSpec(f *testing.F) {
	f.Add([]byte(`{"version":1,"strategy":"concat","width":2,"id":true,"layers":[{"in":3,"out":2,"activation":"none"}]}`), 2)
	f.Add([]byte(`{"version":1,"strategy":"gated","width":3,"modalities":[{"name":"t","dim":4}],"attributes":["a"],"id":false,`+
		`"layers":[{"in":3,"out":5,"activation":"relu"},{"in":5,"out":2,"activation":"none"}],"normalize":true}`), 2)
	f.Fuzz(func(t *testing.T, raw []byte, dim int) {
		s, err := runtime.ParseItemTowerSpec(raw, dim)
		if err != nil {
			require.ErrorIs(t, err, runtime.ErrBundle)
			return
		}
		require.NotEmpty(t, s.Layers)
		require.Equal(t, dim, s.Layers[len(s.Layers)-1].Out)
	})
}
