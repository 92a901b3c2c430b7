package twotower

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/dataset/synth"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
)

// featureData is a small synthetic data set whose users have informative features.
type featureData struct {
	d     *synth.Data
	in    Input
	split dataset.Split
}

func newFeatureData(t *testing.T, users, items int, seed int64) featureData {
	t.Helper()
	d := synth.Generate(synth.Config{Users: users, Items: items, Seed: seed})
	s := dataset.LeaveOneOut(d.Dataset)
	f, err := NewFeatures(d.UserFeatures)
	require.NoError(t, err)
	return featureData{d: d, split: s, in: Input{NumUsers: s.NumUsers, NumItems: s.NumItems, Train: s.Train, UserFeatures: f}}
}

// pack writes m into an in-memory bundle and opens it.
func pack(t *testing.T, m *Model, d *synth.Data, opt train.PackOptions) *runtime.Engine {
	t.Helper()
	return packEmbeddings(t, m, train.Embeddings{ItemIDs: d.Dataset.Items.IDs(), UserIDs: d.Dataset.Users.IDs()}, opt)
}

// packEmbeddings packs m with the ids and extras of e and opens the bundle.
func packEmbeddings(t *testing.T, m *Model, e train.Embeddings, opt train.PackOptions) *runtime.Engine {
	t.Helper()
	b, err := m.Builder(e, opt)
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	eng, err := runtime.OpenBytes(buf.Bytes(), runtime.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { eng.Close() })
	return eng
}

// The runtime's user tower computes, on the exported weights, what the trainer's forward computes: for
// users the model never saw (unknown-id row) and for known users given new features, with every
// activation, with and without normalisation and ID embeddings.
func TestRuntimeTowerEqualsTrainer(t *testing.T) {
	fd := newFeatureData(t, 120, 80, 11)
	cases := []struct {
		act       string
		hidden    []int
		normalize bool
		noID      bool
		dropout   float32
	}{
		{"relu", []int{32}, true, false, 0},
		{"gelu", []int{24, 16}, false, false, 0.3},
		{"gelu_tanh", []int{16}, true, true, 0},
		{"tanh", nil, true, false, 0.5},
		{"sigmoid", []int{8}, false, true, 0},
	}
	for _, c := range cases {
		name := fmt.Sprintf("act=%s/hidden=%v/normalize=%v/noid=%v", c.act, c.hidden, c.normalize, c.noID)
		t.Run(name, func(t *testing.T) {
			cfg := Config{Dim: 12, Epochs: 2, BatchSize: 64, Workers: 2, NoNormalize: !c.normalize,
				User: TowerConfig{Hidden: c.hidden, Activation: c.act, NoID: c.noID, IDDropout: c.dropout, IDDim: 10}}
			m, _, err := Train(context.Background(), fd.in, cfg)
			require.NoError(t, err)
			eng := pack(t, m, fd.d, train.PackOptions{})
			require.Equal(t, 16, eng.UserFeatures())
			for u := range 5 {
				f := fd.d.UserFeatures[(u*37+3)%len(fd.d.UserFeatures)]
				want, err := m.EncodeUser(-1, f)
				require.NoError(t, err)
				got, err := eng.Encode(runtime.Request{User: "nobody", Features: f})
				require.NoError(t, err)
				require.InDeltaSlice(t, want, got, 1e-5, "unknown user %d", u)

				id := fd.d.Dataset.Users.ID(int32(u))
				want, err = m.EncodeUser(int32(u), f)
				require.NoError(t, err)
				got, err = eng.Encode(runtime.Request{User: id, Features: f})
				require.NoError(t, err)
				require.InDeltaSlice(t, want, got, 1e-5, "known user %d with new features", u)

				got, err = eng.Encode(runtime.Request{User: id})
				require.NoError(t, err)
				require.Equal(t, m.Users[u*12:(u+1)*12], got, "stored vector of user %d", u)
				own, err := m.EncodeUser(int32(u), fd.d.UserFeatures[u])
				require.NoError(t, err)
				require.InDeltaSlice(t, own, got, 1e-5, "batched and single forward of user %d", u)
			}
		})
	}
}

// Without features the tower is not exported: requests with features are refused, and unknown users get
// the popular fallback.
func TestIDOnlyBundleHasNoTower(t *testing.T) {
	fd := newFeatureData(t, 100, 60, 12)
	in := fd.in
	in.UserFeatures = nil
	m, _, err := Train(context.Background(), in, Config{Dim: 8, Epochs: 1, BatchSize: 64, Workers: 1})
	require.NoError(t, err)
	eng := pack(t, m, fd.d, train.PackOptions{Quant: modelpack.QuantInt8})
	require.Zero(t, eng.UserFeatures())
	_, err = eng.Encode(runtime.Request{User: "nobody", Features: fd.d.UserFeatures[0]})
	require.ErrorIs(t, err, runtime.ErrBadRequest)
	res, err := eng.Recommend(context.Background(), runtime.Request{User: "nobody", K: 5})
	require.NoError(t, err)
	require.Equal(t, "popular", res.Fallback)
}
