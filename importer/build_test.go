package importer

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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

func TestUsage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.csv")
	require.NoError(t, os.WriteFile(path, []byte("user,item,timestamp\nu,c,2\nu,a,1\nv,a,3\nstranger,a,4\nu,zz,5\n"), 0o644))
	items, users := []string{"a", "b", "c"}, []string{"u", "v"}
	got, err := LoadUsage(path, items, users)
	require.NoError(t, err)
	require.Equal(t, Usage{Seen: [][]int32{{0, 2}, {0}}, Popularity: []float32{2, 0, 1}, Dropped: 2}, got)
	noUsers, err := LoadUsage(path, items, nil)
	require.NoError(t, err)
	require.Equal(t, Usage{Popularity: []float32{3, 0, 1}, Dropped: 1}, noUsers)

	in := Input{ItemIDs: items, Items: []float32{1, 0, 0, 1, 0.7, 0.7}, Dim: 2, UserIDs: users,
		Users: []float32{1, 0.1, 0, 1}, Usage: got}
	b, err := Build(in, trainOpts())
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	eng, err := runtime.OpenBytes(buf.Bytes(), runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	res, err := eng.Recommend(context.Background(), runtime.Request{User: "u", ExcludeSeen: true})
	require.NoError(t, err)
	require.Len(t, res.Items, 1)
	require.Equal(t, "b", res.Items[0].ID, "u's items a and c are left out")
	res, err = eng.Recommend(context.Background(), runtime.Request{User: "nobody", K: 1})
	require.NoError(t, err)
	require.Equal(t, "a", res.Items[0].ID, "the popular fallback counts the interactions")

	in.Usage.Seen = in.Usage.Seen[:1]
	_, err = Build(in, trainOpts())
	require.ErrorIs(t, err, ErrInput)
}
