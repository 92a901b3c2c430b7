package rank

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// parityCases are the architectures the runtime must reproduce.
var parityCases = []struct {
	name string
	set  func(*runtime.RankSpec)
}{
	{"dcn/parallel", func(s *runtime.RankSpec) { s.Model, s.Cross.Layers, s.Deep = runtime.RankDCN, 2, []int{8, 4} }},
	{"dcn/stacked", func(s *runtime.RankSpec) {
		s.Model, s.Cross.Layers, s.Deep, s.Stacked = runtime.RankDCN, 2, []int{8}, true
	}},
	{"dcn/lowrank", func(s *runtime.RankSpec) {
		s.Model, s.Cross, s.Deep = runtime.RankDCN, runtime.CrossSpec{Layers: 2, Rank: 3}, []int{6}
	}},
	{"dcn/mixture", func(s *runtime.RankSpec) {
		s.Model, s.Cross, s.Deep = runtime.RankDCN, runtime.CrossSpec{Layers: 3, Rank: 2, Experts: 3}, []int{6}
	}},
	{"dcn/crossonly", func(s *runtime.RankSpec) { s.Model, s.Cross.Layers = runtime.RankDCN, 3 }},
	{"dcn/deeponly", func(s *runtime.RankSpec) { s.Model, s.Deep = runtime.RankDCN, []int{8, 8} }},
	{"deepfm", func(s *runtime.RankSpec) { s.Model, s.Deep = runtime.RankDeepFM, []int{8, 4} }},
	{"fm", func(s *runtime.RankSpec) { s.Model = runtime.RankDeepFM }},
	{"lr", func(s *runtime.RankSpec) { s.Model = runtime.RankLR }},
}

// trained returns a model of the given architecture trained for two epochs on synthetic
// data, and the data.
func trained(t *testing.T, set func(*runtime.RankSpec)) (*Model, *Data) {
	t.Helper()
	d := synthData(12, 20, 600, 1)
	s := d.Spec()
	s.EmbedDim = 4
	set(&s)
	m, err := NewModel(s, 3)
	require.NoError(t, err)
	sp, err := SplitByUserTime(&d.Examples, 0.2, 0.1)
	require.NoError(t, err)
	_, err = Train(context.Background(), m, d, &sp, Config{Epochs: 2, BatchSize: 64, LR: 0.02})
	require.NoError(t, err)
	return m, d
}

func openRanker(t *testing.T, m *Model, d *Data) *runtime.Ranker {
	t.Helper()
	b, err := m.Bundle(d, modelpack.Manifest{Name: "test"})
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	bundle, err := modelpack.OpenBytes(buf.Bytes(), modelpack.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { bundle.Close() })
	r, err := runtime.NewRanker(bundle, runtime.RankerOptions{})
	require.NoError(t, err)
	return r
}

// The runtime's forward on the exported weights equals the trainer's, for every user over
// every item (more items than one chunk would hold are covered by repeating them).
func TestRuntimeParity(t *testing.T) {
	for _, tc := range parityCases {
		t.Run(tc.name, func(t *testing.T) {
			m, d := trained(t, tc.set)
			r := openRanker(t, m, d)
			ids := d.Vocabs[d.ItemKey]
			for len(ids) < 300 {
				ids = append(ids, d.Vocabs[d.ItemKey]...)
			}
			var scores []float32
			for u := range d.Users.Rows {
				var e Examples
				for i := range ids {
					e.User = append(e.User, int32(u))
					e.Item = append(e.Item, int32(i%d.Items.Rows))
					e.Label = append(e.Label, 0)
				}
				want, err := Predict(m, d, &e)
				require.NoError(t, err)
				scores, err = r.Rank(context.Background(), runtime.RankUser{ID: d.Vocabs[d.UserKey][u]}, ids, scores)
				require.NoError(t, err)
				require.InDeltaSlice(t, want, scores, 1e-5)
				require.NotEqual(t, scores[0], scores[1], "items must score differently")
			}
		})
	}
}

// Unknown users, items and values use the reserved bucket: the same scores as the trainer
// given code 0 (and no genres, mean dense values).
func TestRuntimeUnknown(t *testing.T) {
	m, d := trained(t, parityCases[0].set)
	r := openRanker(t, m, d)
	d.Vocabs["user"] = append(d.Vocabs["user"], "nobody")
	d.Vocabs["item"] = append(d.Vocabs["item"], "nothing")
	d.Users.Rows++
	d.Items.Rows++
	d.Users.Cat["user"] = append(d.Users.Cat["user"], 0)
	d.Users.Cat["gender"] = append(d.Users.Cat["gender"], 0)
	d.Users.Dense["age"] = append(d.Users.Dense["age"], 40)
	d.Items.Cat["item"] = append(d.Items.Cat["item"], 0)
	d.Items.Multi["genres"] = append(d.Items.Multi["genres"], nil)
	d.Items.Dense["year"] = append(d.Items.Dense["year"], 1975)
	e := Examples{User: []int32{12, 12, 0}, Item: []int32{20, 0, 20}, Label: []float32{0, 0, 0}}
	want, err := Predict(m, d, &e)
	require.NoError(t, err)
	ctx := context.Background()
	got, err := r.Rank(ctx, runtime.RankUser{ID: "nobody"}, []string{"nothing", "i0"}, nil)
	require.NoError(t, err)
	require.InDeltaSlice(t, want[:2], got, 1e-5)
	got, err = r.RankIndices(ctx, runtime.RankUser{ID: "u0"}, []int32{-5}, nil)
	require.NoError(t, err)
	require.InDelta(t, want[2], got[0], 1e-5)
	// A request's own values override the stored ones; unknown values take code 0.
	got, err = r.Rank(ctx, runtime.RankUser{ID: "nobody", Cat: map[string][]string{"gender": {"X"}},
		Dense: map[string]float32{"age": 40}}, []string{"nothing"}, nil)
	require.NoError(t, err)
	require.InDelta(t, want[0], got[0], 1e-5)
}
