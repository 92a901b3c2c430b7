package runtime_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// historyFixture is a hand-made Two-Tower bundle whose user tower reads the user's history: 4 items of
// dim 2, 2 users, a history table of width 2, and either an ID row of 1 value beside the history mean
// through one 3→2 layer (layered) or an ID row of 2 values the mean is added to (identity).
type historyFixture struct {
	identity bool
	spec     string
	hist     []float32 // 4×2
	histRows int
	ids      []float32 // 2×IDDim
	unknown  []float32
	w, b     []float32 // layered: 2×3, 2
	drop     string
}

func newHistoryFixture(identity bool) *historyFixture {
	f := &historyFixture{identity: identity, hist: []float32{1, 0, 0, 2, -1, 1, 0.5, 0.5}, histRows: 4}
	if identity {
		f.spec = `{"version":1,"id_dim":2,"features":0,"layers":[],"normalize":false,"history":2,"history_add":true}`
		f.ids, f.unknown = []float32{0.1, 0.2, -0.3, 0.4}, []float32{0, -0.1}
	} else {
		f.spec = `{"version":1,"id_dim":1,"features":0,"normalize":false,"history":2,` +
			`"layers":[{"in":3,"out":2,"activation":"none"}]}`
		f.ids, f.unknown = []float32{1, -1}, []float32{0.25}
		f.w, f.b = []float32{1, 2, -1, 0.5, 0, 1}, []float32{0.1, -0.1}
	}
	return f
}

func (f *historyFixture) idDim() int { return len(f.unknown) }

func (f *historyFixture) bundle(t *testing.T) []byte {
	t.Helper()
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindTwoTower, Dim: 2, Metric: modelpack.MetricDot,
		Extra: map[string]string{modelpack.ExtraUserTower: f.spec}})
	require.NoError(t, b.AddCatalog(&modelpack.Catalog{ItemIDs: []string{"a", "b", "c", "d"}, UserIDs: []string{"u0", "u1"}}))
	f32 := func(rows, cols int, v []float32) modelpack.Matrix {
		return modelpack.Matrix{Rows: rows, Cols: cols, Quant: modelpack.QuantF32, F32: v}
	}
	require.NoError(t, b.AddMatrix(modelpack.SectionItemEmbeddings, f32(4, 2, []float32{1, 0, 0, 1, -1, 0, 0.6, 0.8})))
	require.NoError(t, b.AddMatrix(modelpack.SectionUserEmbeddings, f32(2, 2, []float32{1, 0, 0, 1})))
	require.NoError(t, b.AddMatrix(modelpack.SectionUserTowerIDs, f32(2, f.idDim(), f.ids)))
	require.NoError(t, b.AddF32(modelpack.SectionUserTowerUnknown, []int{f.idDim()}, f.unknown))
	if f.drop != modelpack.SectionUserTowerHistory {
		require.NoError(t, b.AddMatrix(modelpack.SectionUserTowerHistory, f32(f.histRows, 2, f.hist[:f.histRows*2])))
	}
	if !f.identity {
		require.NoError(t, b.AddF32("tower.user.0.weight", []int{2, 3}, f.w))
		require.NoError(t, b.AddF32("tower.user.0.bias", []int{2}, f.b))
	}
	var buf bytes.Buffer
	_, err := b.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

// forward is the reference: the ID row (user index, -1 for the unknown row) and the mean of the history
// rows of items, combined and passed through the layer in float64.
func (f *historyFixture) forward(user int, items []int) []float32 {
	id := f.unknown
	if user >= 0 {
		id = f.ids[user*f.idDim() : (user+1)*f.idDim()]
	}
	mean := make([]float64, 2)
	for _, it := range items {
		mean[0] += float64(f.hist[2*it]) / float64(len(items))
		mean[1] += float64(f.hist[2*it+1]) / float64(len(items))
	}
	if f.identity {
		return []float32{float32(float64(id[0]) + mean[0]), float32(float64(id[1]) + mean[1])}
	}
	x := []float64{float64(id[0]), mean[0], mean[1]}
	out := make([]float32, 2)
	for o := range out {
		s := float64(f.b[o])
		for i := range x {
			s += float64(f.w[o*3+i]) * x[i]
		}
		out[o] = float32(s)
	}
	return out
}

// A request's history goes through the bundle's history tower — beside the known user's own ID row, or
// the unknown row — and recommendations follow that vector; a known user without a history keeps the
// stored vector; a history of unknown items alone leaves the user unknown; features are refused.
func TestUserTowerReadsHistory(t *testing.T) {
	ctx := context.Background()
	for _, identity := range []bool{false, true} {
		f := newHistoryFixture(identity)
		eng, err := runtime.OpenBytes(f.bundle(t), runtime.Options{})
		require.NoError(t, err)
		defer eng.Close()
		for _, c := range []struct {
			user    string
			history []string
			index   int
			items   []int
		}{
			{"", []string{"a"}, -1, []int{0}},
			{"", []string{"a", "c", "c", "zz"}, -1, []int{0, 2, 2}}, // repeats count, unknown ids are skipped
			{"u1", []string{"b", "d"}, 1, []int{1, 3}},
			{"stranger", []string{"d"}, -1, []int{3}},
		} {
			want := f.forward(c.index, c.items)
			got, err := eng.Encode(runtime.Request{User: c.user, History: c.history})
			require.NoError(t, err)
			require.InDeltaSlice(t, want, got, 1e-6, "identity %v, %+v", identity, c)

			res, err := eng.Recommend(ctx, runtime.Request{User: c.user, History: c.history, K: 4})
			require.NoError(t, err)
			require.Len(t, res.Items, 4)
			items := []float32{1, 0, 0, 1, -1, 0, 0.6, 0.8}
			best, bestScore := -1, float32(0)
			for i := range 4 {
				if s := want[0]*items[2*i] + want[1]*items[2*i+1]; best < 0 || s > bestScore {
					best, bestScore = i, s
				}
			}
			require.Equal(t, []string{"a", "b", "c", "d"}[best], res.Items[0].ID, "identity %v, %+v", identity, c)
		}
		stored, err := eng.Encode(runtime.Request{User: "u1"})
		require.NoError(t, err)
		require.Equal(t, []float32{0, 1}, stored, "a known user without a history keeps the stored vector")
		_, err = eng.Encode(runtime.Request{User: "stranger", History: []string{"zz"}})
		require.ErrorIs(t, err, runtime.ErrUnknownUser)
		_, err = eng.Encode(runtime.Request{History: []string{"a"}, Features: []float32{1}})
		require.ErrorIs(t, err, runtime.ErrBadRequest)
		require.Zero(t, eng.UserFeatures())
	}
}

// A history tower whose description and sections disagree does not open.
func TestHistoryTowerBadBundles(t *testing.T) {
	for name, change := range map[string]func(*historyFixture){
		"history and features": func(f *historyFixture) {
			f.spec = `{"version":1,"id_dim":1,"features":2,"history":2,"layers":[{"in":5,"out":2,"activation":"none"}]}`
		},
		"add with layers": func(f *historyFixture) {
			f.spec = `{"version":1,"id_dim":1,"history":2,"history_add":true,"layers":[{"in":1,"out":2,"activation":"none"}]}`
		},
		"add of other widths": func(f *historyFixture) {
			f.spec = `{"version":1,"id_dim":1,"history":2,"history_add":true,"layers":[]}`
		},
		"no layers, no add": func(f *historyFixture) { f.spec = `{"version":1,"id_dim":1,"history":2,"layers":[]}` },
		"negative history": func(f *historyFixture) {
			f.spec = `{"version":1,"id_dim":1,"history":-2,"layers":[{"in":-1,"out":2,"activation":"none"}]}`
		},
		"missing table":   func(f *historyFixture) { f.drop = modelpack.SectionUserTowerHistory },
		"table too short": func(f *historyFixture) { f.histRows = 3 },
	} {
		t.Run(name, func(t *testing.T) {
			f := newHistoryFixture(false)
			change(f)
			_, err := runtime.OpenBytes(f.bundle(t), runtime.Options{})
			require.ErrorIs(t, err, runtime.ErrBundle)
		})
	}
}
