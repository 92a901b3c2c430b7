package importer

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
)

func trainOpts() train.PackOptions { return train.PackOptions{Index: train.IndexExact} }

func TestBuildEmbeddings(t *testing.T) {
	in := Input{Name: "ext", ItemIDs: []string{"a", "b", "c"}, Items: []float32{1, 0, 0, 1, 0.7, 0.7}, Dim: 2,
		UserIDs: []string{"u"}, Users: []float32{1, 0.1}}
	b, err := Build(in, trainOpts())
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	eng, err := runtime.OpenBytes(buf.Bytes(), runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	require.Equal(t, modelpack.KindMF, eng.Manifest().Kind)
	res, err := eng.Recommend(context.Background(), runtime.Request{User: "u", K: 3})
	require.NoError(t, err)
	require.Equal(t, "a", res.Items[0].ID)
	require.Equal(t, "c", res.Items[1].ID)

	bad := map[string]Input{
		"no items":        {Dim: 2},
		"rows and ids":    {ItemIDs: []string{"a"}, Items: []float32{1, 2, 3, 4}, Dim: 2},
		"duplicate ids":   {ItemIDs: []string{"a", "a"}, Items: []float32{1, 2, 3, 4}, Dim: 2},
		"users and ids":   {ItemIDs: []string{"a"}, Items: []float32{1, 2}, Dim: 2, Users: []float32{1, 2}},
		"tower dimension": {ItemIDs: []string{"a"}, Items: []float32{1, 2}, Dim: 2, Tower: &Tower{Layers: []Layer{{In: 1, Out: 3}}}},
	}
	for name, in := range bad {
		t.Run(name, func(t *testing.T) {
			_, err := Build(in, trainOpts())
			require.ErrorIs(t, err, ErrInput)
		})
	}
}
