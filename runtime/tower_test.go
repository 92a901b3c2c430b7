package runtime_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// towerFixture is a hand-made Two-Tower bundle: 4 items of dim 2, 2 users, and a user tower reading an
// ID row of 1 value and 2 features through 3→3 (tanh) →2, L2-normalised.
type towerFixture struct {
	spec         string
	w0, b0       []float32
	w1, b1       []float32
	mean, invStd []float32
	unknown, ids []float32
	drop         string // a section to leave out
	shapes       map[string][]int
}

func newTowerFixture() *towerFixture {
	return &towerFixture{
		spec: `{"version":1,"id_dim":1,"features":2,"normalize":true,"unknown":"mean",` +
			`"layers":[{"in":3,"out":3,"activation":"tanh"},{"in":3,"out":2,"activation":"none"}]}`,
		w0: []float32{0.5, -1, 0.25, 1, 0.5, -0.5, -0.25, 0.75, 1}, b0: []float32{0.1, -0.2, 0.3},
		w1: []float32{1, -1, 0.5, 0.5, 1, -1}, b1: []float32{0.05, -0.05},
		mean: []float32{10, -2}, invStd: []float32{0.5, 2},
		unknown: []float32{0.3}, ids: []float32{-1, 2},
		shapes: map[string][]int{},
	}
}

func (f *towerFixture) bundle(t *testing.T) []byte {
	t.Helper()
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindTwoTower, Dim: 2, Metric: modelpack.MetricDot,
		Extra: map[string]string{modelpack.ExtraUserTower: f.spec}})
	require.NoError(t, b.AddCatalog(&modelpack.Catalog{ItemIDs: []string{"a", "b", "c", "d"}, UserIDs: []string{"u0", "u1"}}))
	items := []float32{1, 0, 0, 1, -1, 0, 0.6, 0.8}
	require.NoError(t, b.AddMatrix(modelpack.SectionItemEmbeddings, modelpack.Matrix{Rows: 4, Cols: 2, Quant: modelpack.QuantF32, F32: items}))
	require.NoError(t, b.AddMatrix(modelpack.SectionUserEmbeddings, modelpack.Matrix{Rows: 2, Cols: 2, Quant: modelpack.QuantF32, F32: []float32{1, 0, 0, 1}}))
	require.NoError(t, b.AddMatrix(modelpack.SectionUserTowerIDs, modelpack.Matrix{Rows: 2, Cols: 1, Quant: modelpack.QuantF32, F32: f.ids}))
	for _, s := range []struct {
		name  string
		v     []float32
		shape []int
	}{
		{"tower.user.0.weight", f.w0, []int{3, 3}}, {"tower.user.0.bias", f.b0, []int{3}},
		{"tower.user.1.weight", f.w1, []int{2, 3}}, {"tower.user.1.bias", f.b1, []int{2}},
		{modelpack.SectionUserTowerMean, f.mean, []int{2}}, {modelpack.SectionUserTowerInvStd, f.invStd, []int{2}},
		{modelpack.SectionUserTowerUnknown, f.unknown, []int{1}},
	} {
		if s.name == f.drop {
			continue
		}
		if sh, ok := f.shapes[s.name]; ok {
			s.shape = sh
		}
		require.NoError(t, b.AddF32(s.name, s.shape, s.v))
	}
	var buf bytes.Buffer
	_, err := b.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

// forward is the reference: the tower in float64, written out.
func (f *towerFixture) forward(id float32, feats []float32) []float32 {
	x := []float64{float64(id)}
	for j, v := range feats {
		x = append(x, float64((v-f.mean[j])*f.invStd[j]))
	}
	h := make([]float64, 3)
	for o := range h {
		s := float64(f.b0[o])
		for i := range x {
			s += float64(f.w0[o*3+i]) * x[i]
		}
		h[o] = math.Tanh(s)
	}
	y := make([]float64, 2)
	var n float64
	for o := range y {
		y[o] = float64(f.b1[o])
		for i := range h {
			y[o] += float64(f.w1[o*3+i]) * h[i]
		}
		n += y[o] * y[o]
	}
	return []float32{float32(y[0] / math.Sqrt(n)), float32(y[1] / math.Sqrt(n))}
}

func TestUserTowerForward(t *testing.T) {
	f := newTowerFixture()
	eng, err := runtime.OpenBytes(f.bundle(t), runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	require.Equal(t, 2, eng.UserFeatures())
	feats := []float32{12, -1.5}
	for name, c := range map[string]struct {
		req runtime.Request
		id  float32
	}{
		"unknown user":   {runtime.Request{User: "stranger", Features: feats}, f.unknown[0]},
		"no user at all": {runtime.Request{Features: feats}, f.unknown[0]},
		"known user":     {runtime.Request{User: "u1", Features: feats}, f.ids[1]},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := eng.Encode(c.req)
			require.NoError(t, err)
			require.InDeltaSlice(t, f.forward(c.id, feats), got, 1e-6)
			res, err := eng.Recommend(context.Background(), runtime.Request{User: c.req.User, Features: feats, K: 4})
			require.NoError(t, err)
			require.Empty(t, res.Fallback)
			require.Len(t, res.Items, 4)
			require.InDelta(t, got[0]*1+got[1]*0, scoreOf(res, "a"), 1e-6)
		})
	}
	got, err := eng.Encode(runtime.Request{User: "u1"})
	require.NoError(t, err)
	require.Equal(t, []float32{0, 1}, got, "without features a known user keeps the stored vector")
}

func scoreOf(res runtime.Result, id string) float32 {
	for _, it := range res.Items {
		if it.ID == id {
			return it.Score
		}
	}
	return float32(math.NaN())
}

func TestUserTowerBadRequests(t *testing.T) {
	eng, err := runtime.OpenBytes(newTowerFixture().bundle(t), runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	plain, err := runtime.OpenBytes(newFixture(10, 2, 4, 1).bundle(t, modelpack.QuantF32, false, modelpack.MetricDot), runtime.Options{})
	require.NoError(t, err)
	defer plain.Close()
	for name, c := range map[string]struct {
		eng   *runtime.Engine
		feats []float32
	}{
		"too few":    {eng, []float32{1}},
		"too many":   {eng, []float32{1, 2, 3}},
		"nan":        {eng, []float32{1, float32(math.NaN())}},
		"inf":        {eng, []float32{float32(math.Inf(-1)), 1}},
		"no tower":   {plain, []float32{1, 2}},
		"no tower 1": {plain, []float32{1}},
	} {
		_, err := c.eng.Recommend(context.Background(), runtime.Request{User: "u0", Features: c.feats})
		require.ErrorIs(t, err, runtime.ErrBadRequest, name)
		_, err = c.eng.Encode(runtime.Request{Features: c.feats})
		require.ErrorIs(t, err, runtime.ErrBadRequest, name)
	}
	require.Zero(t, plain.UserFeatures())
}

// A bundle whose tower description and sections disagree does not open.
func TestUserTowerBadBundles(t *testing.T) {
	for name, change := range map[string]func(*towerFixture){
		"bad json":       func(f *towerFixture) { f.spec = "{" },
		"unknown key":    func(f *towerFixture) { f.spec = f.spec[:len(f.spec)-1] + `,"extra":1}` },
		"version":        func(f *towerFixture) { f.spec = `{"version":2}` },
		"no layers":      func(f *towerFixture) { f.spec = `{"version":1,"id_dim":1,"features":2,"layers":[]}` },
		"layer mismatch": func(f *towerFixture) { f.spec = `{"version":1,"id_dim":1,"features":2,"layers":[{"in":4,"out":2}]}` },
		"wrong output":   func(f *towerFixture) { f.spec = `{"version":1,"id_dim":1,"features":2,"layers":[{"in":3,"out":5}]}` },
		"bad activation": func(f *towerFixture) {
			f.spec = `{"version":1,"id_dim":1,"features":2,"layers":[{"in":3,"out":2,"activation":"swish"}]}`
		},
		"missing weight":   func(f *towerFixture) { f.drop = "tower.user.1.weight" },
		"missing unknown":  func(f *towerFixture) { f.drop = modelpack.SectionUserTowerUnknown },
		"missing mean":     func(f *towerFixture) { f.drop = modelpack.SectionUserTowerMean },
		"weight shape":     func(f *towerFixture) { f.shapes["tower.user.0.weight"] = []int{9} },
		"bias shape":       func(f *towerFixture) { f.shapes["tower.user.1.bias"] = []int{1, 2} },
		"huge width":       func(f *towerFixture) { f.spec = `{"version":1,"id_dim":1,"features":99999999,"layers":[]}` },
		"negative id_dim":  func(f *towerFixture) { f.spec = `{"version":1,"id_dim":-1,"features":2,"layers":[]}` },
		"trailing garbage": func(f *towerFixture) { f.spec += ` {}` },
	} {
		t.Run(name, func(t *testing.T) {
			f := newTowerFixture()
			change(f)
			_, err := runtime.OpenBytes(f.bundle(t), runtime.Options{})
			require.ErrorIs(t, err, runtime.ErrBundle)
		})
	}
}

// ParseTowerSpec never panics; what it accepts chains its layers from the input to the dimension.
func FuzzParseTowerSpec(f *testing.F) {
	f.Add([]byte(newTowerFixture().spec), 2)
	f.Add([]byte(`{"version":1,"id_dim":0,"features":3,"layers":[{"in":3,"out":4,"activation":"gelu"}]}`), 4)
	f.Add([]byte(`{"version":1,"features":1,"layers":[{"in":1,"out":1,"activation":"relu"}],"normalize":false}`), 1)
	f.Add([]byte(`{"version":1,"id_dim":2,"features":0,"history":2,"history_add":true,"layers":[]}`), 2)
	f.Add([]byte(`{"version":1,"id_dim":1,"history":2,"layers":[{"in":3,"out":2,"activation":"none"}]}`), 2)
	f.Fuzz(func(t *testing.T, raw []byte, dim int) {
		s, err := runtime.ParseTowerSpec(raw, dim)
		if err != nil {
			require.ErrorIs(t, err, runtime.ErrBundle)
			return
		}
		in := s.IDDim + s.Features + s.History
		if s.HistoryAdd {
			require.Equal(t, s.IDDim, s.History)
			in = s.IDDim
		}
		for _, l := range s.Layers {
			require.Equal(t, in, l.In)
			in = l.Out
		}
		require.Equal(t, dim, in)
	})
}

// Concurrent requests through the tower (pooled buffers) give the answers a lone request gives.
func TestUserTowerConcurrent(t *testing.T) {
	f := newTowerFixture()
	eng, err := runtime.OpenBytes(f.bundle(t), runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	feats := func(k int) []float32 { return []float32{float32(k % 7), float32(k%5) - 2} }
	want := make([]runtime.Result, 20)
	for k := range want {
		want[k], err = eng.Recommend(context.Background(), runtime.Request{Features: feats(k), K: 2})
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for r := range 100 {
				k := (g*31 + r) % len(want)
				res, err := eng.Recommend(context.Background(), runtime.Request{Features: feats(k), K: 2})
				if err != nil {
					errs <- err
					return
				}
				if res.Items[0] != want[k].Items[0] || res.Items[1] != want[k].Items[1] {
					errs <- fmt.Errorf("request %d: %v, alone %v", k, res.Items, want[k].Items)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}
