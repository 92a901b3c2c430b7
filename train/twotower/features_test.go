package twotower

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/dataset"
)

func idMap(t *testing.T, ids ...string) *dataset.IDMap {
	t.Helper()
	m, err := dataset.IDMapOf(ids)
	require.NoError(t, err)
	return m
}

func TestReadFeatures(t *testing.T) {
	f, err := LoadFeatures("testdata/users.csv", idMap(t, "u1", "u2", "u3"))
	require.NoError(t, err)
	require.Equal(t, []string{"age", "score"}, f.Names)
	require.Equal(t, 2, f.Dim)
	require.Equal(t, 3, f.Rows())
	require.Equal(t, []float32{31, 0.5}, f.Row(0))
	require.Equal(t, []float32{38, -0.375}, f.Row(1), "a missing id gets the column means")
	require.Equal(t, []float32{45, -1.25}, f.Row(2))
	require.Equal(t, 1, f.Missing)
	require.Equal(t, 1, f.Unknown, "u9 is not in the data")
}

func TestReadFeaturesErrors(t *testing.T) {
	ids := idMap(t, "a", "b")
	for name, c := range map[string]struct{ in, want string }{
		"empty":       {"", "empty file"},
		"no features": {"id\na\n", "0 feature columns"},
		"short row":   {"id,x,y\na,1\n", "wrong number of fields"},
		"not number":  {"id,x\na,abc\n", `"abc" is not a finite number`},
		"nan":         {"id,x\na,NaN\n", "not a finite number"},
		"inf":         {"id,x\nb,+Inf\n", "not a finite number"},
		"repeated":    {"id,x\na,1\na,2\n", `t.csv:3: id "a" repeated`},
		"bad quote":   {"id,x\n\"a,1\n", "t.csv"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadFeatures(strings.NewReader(c.in), "t.csv", ids)
			require.ErrorIs(t, err, ErrFeatures)
			require.ErrorContains(t, err, c.want)
		})
	}
	_, err := ReadFeatures(strings.NewReader("id,"+strings.Repeat("x,", MaxFeatureDim)+"x\n"), "wide.csv", ids)
	require.ErrorContains(t, err, "feature columns")
}

func TestNewFeatures(t *testing.T) {
	f, err := NewFeatures([][]float32{{1, 2}, {3, 4}})
	require.NoError(t, err)
	require.Equal(t, []float32{3, 4}, f.Row(1))
	for name, rows := range map[string][][]float32{
		"none":   nil,
		"ragged": {{1, 2}, {3}},
		"empty":  {{}},
	} {
		_, err := NewFeatures(rows)
		require.ErrorIs(t, err, ErrFeatures, name)
	}
}

// ReadFeatures never panics, and what it accepts has one finite row per id.
func FuzzReadFeatures(f *testing.F) {
	seed, err := os.ReadFile("testdata/users.csv")
	require.NoError(f, err)
	f.Add(seed)
	f.Add([]byte("id,x\na,1\nb,2\n"))
	f.Add([]byte("id,x,y\n\"a\",1e38,-1e-38\n"))
	ids := dataset.NewIDMap()
	for _, id := range []string{"a", "b", "u1", "u3"} {
		ids.Add(id)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		feats, err := ReadFeatures(strings.NewReader(string(data)), "fuzz.csv", ids)
		if err != nil {
			require.ErrorIs(t, err, ErrFeatures)
			return
		}
		require.Equal(t, ids.Len(), feats.Rows())
		require.Len(t, feats.Names, feats.Dim)
	})
}
