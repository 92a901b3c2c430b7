package rerank

import (
	"math"
	"testing"

	"github.com/corerec/corerec/rules/abi"
	"github.com/stretchr/testify/require"
)

func encode(t testing.TB, h abi.Header, recs []abi.Record, emb []float32) []byte {
	b, err := abi.AppendInput(nil, h, recs, emb)
	require.NoError(t, err)
	return b
}

func records() []abi.Record {
	return []abi.Record{
		{Index: 7, Score: 0.5, IDHash: abi.Hash("a"), CreatedAt: 100, CategoryHash: abi.Hash("x"), Attrs: [4]float32{9.5, 1, 2, 3}},
		{Index: 3, Score: -1, IDHash: abi.Hash("b"), CreatedAt: 200, CategoryHash: 0},
		{Index: 5, Score: 2, IDHash: abi.Hash("c")},
	}
}

// The SDK reads what rules/abi writes, field by field.
func TestInputMatchesABI(t *testing.T) {
	recs := records()
	in := encode(t, abi.Header{K: 2, Now: 1234, UserHash: abi.Hash("u"), Dim: 2, Config: []byte("cfg")}, recs,
		[]float32{1, 2, 3, 4, 5, 6})
	var got Input
	require.NoError(t, got.parse(in))
	require.Equal(t, 3, got.Len())
	require.Equal(t, 2, got.K())
	require.Equal(t, int64(1234), got.Now())
	require.Equal(t, abi.Hash("u"), got.UserHash())
	require.Equal(t, "cfg", string(got.Config()))
	require.Equal(t, 2, got.Dim())
	for i, r := range recs {
		require.Equal(t, r.Index, got.Index(i))
		require.Equal(t, r.Score, got.Score(i))
		require.Equal(t, r.IDHash, got.IDHash(i))
		require.Equal(t, r.CreatedAt, got.CreatedAt(i))
		require.Equal(t, r.CategoryHash, got.Category(i))
		for j := range 4 {
			require.Equal(t, r.Attrs[j], got.Attr(i, j))
		}
	}
	require.Equal(t, []float32{3, 4}, got.Embedding(1, nil))
	require.Equal(t, abi.Hash("jazz"), Hash("jazz"))
	require.Equal(t, uint64(0), Hash(""))
}

// What a rule keeps comes out as an output block the host accepts, re-scored entries and all.
func TestRunOutput(t *testing.T) {
	recs := records()
	in := encode(t, abi.Header{K: 3}, recs, nil)
	for _, tc := range []struct {
		name   string
		rule   Rule
		pos    []int32
		scores []float32
	}{
		{"filter", func(in *Input, out *Output) error { out.Keep(2); out.Keep(0); return nil }, []int32{2, 0}, nil},
		{"rescore", func(in *Input, out *Output) error {
			out.Keep(1)
			out.KeepScored(0, 42)
			return nil
		}, []int32{1, 0}, []float32{-1, 42}},
		{"none", func(in *Input, out *Output) error { return nil }, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			Register(tc.rule)
			block, err := Run(in)
			require.NoError(t, err)
			var o abi.Output
			require.NoError(t, o.Decode(block, len(recs)))
			require.Equal(t, len(tc.pos), len(o.Positions))
			for j := range tc.pos {
				require.Equal(t, tc.pos[j], o.Positions[j])
			}
			require.Equal(t, tc.scores != nil, o.Rescored)
			if tc.scores != nil {
				require.Equal(t, tc.scores, o.Scores)
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	Register(nil)
	_, err := Run(encode(t, abi.Header{}, records(), nil))
	require.ErrorIs(t, err, ErrNoRule)
	Register(func(in *Input, out *Output) error {
		for range 4 {
			out.Keep(0)
		}
		return nil
	})
	_, err = Run(encode(t, abi.Header{}, records(), nil))
	require.ErrorIs(t, err, ErrTooMany)
	_, err = Run([]byte("short"))
	require.Error(t, err)
	bad := encode(t, abi.Header{}, records(), nil)
	le.PutUint32(bad[12:], 1000) // count past the end
	_, err = Run(bad)
	require.Error(t, err)
}

// FuzzRun: any input either fails or gives an output block whose entries are positions the rule kept.
func FuzzRun(f *testing.F) {
	f.Add(func() []byte {
		b, _ := abi.AppendInput(nil, abi.Header{K: 1, Dim: 1}, records(), []float32{1, 2, 3})
		return b
	}())
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		Register(func(in *Input, out *Output) error {
			var emb []float32
			for i := range min(in.Len(), 64) {
				_ = in.Score(i) + in.Attr(i, i) + float32(in.CreatedAt(i)) + float32(in.Category(i)) + float32(in.IDHash(i))
				emb = in.Embedding(i, emb[:0])
				if !math.IsNaN(float64(in.Score(i))) {
					out.Keep(i)
				}
			}
			_ = in.Config()
			return nil
		})
		block, err := Run(b)
		if err != nil {
			return
		}
		var o abi.Output
		require.NoError(t, o.Decode(block, int(le.Uint32(b[12:]))))
	})
}
