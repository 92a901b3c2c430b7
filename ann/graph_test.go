package ann

import (
	"context"
	"encoding/binary"
	"flag"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/graph_v1.bin")

// fuzzRows are the vectors of the fuzz test and the golden graph: 50 rows of 4 values, three of
// them NaN or infinite, so that scores can be NaN.
func fuzzRows() Vectors {
	data := clustered(50, 4, 3, 42)
	data[4*7] = float32(math.NaN())
	data[4*8+1] = float32(math.Inf(1))
	data[4*9+2] = float32(math.Inf(-1))
	return F32Vectors(data, 4)
}

func goldenGraph(t testing.TB) []byte {
	h, err := Build(context.Background(), fuzzRows(), InnerProduct, Config{M: 4, EfConstruction: 20, Seed: 3})
	require.NoError(t, err)
	return h.MarshalGraph()
}

// TestGraphV1Loads checks that the committed version-1 graph still loads and answers queries like
// a freshly built one. Regenerate with go test -run GraphV1 -update when the build changes.
func TestGraphV1Loads(t *testing.T) {
	const path = "testdata/graph_v1.bin"
	if *update {
		require.NoError(t, os.WriteFile(path, goldenGraph(t), 0o644))
	}
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	h, err := LoadGraph(fuzzRows(), InnerProduct, data)
	require.NoError(t, err)
	require.Equal(t, data, h.MarshalGraph(), "load then marshal is the identity")
	res, err := h.Search([]float32{1, 0, 0, 0}, SearchOptions{K: 50, Ef: 50})
	require.NoError(t, err)
	require.NotEmpty(t, res)
}

func TestGraphRoundTrip(t *testing.T) {
	f := fixture()
	h := fixtureGraph()
	data := h.MarshalGraph()
	t.Logf("%d rows: %.1f graph bytes a row", f.n, float64(len(data))/float64(f.n))
	g, err := LoadGraph(h.Vectors(), InnerProduct, data)
	require.NoError(t, err)
	require.Equal(t, h.levels, g.levels)
	require.Equal(t, sortedLists(h.links0, h.m0), g.links0, "level-0 lists, sorted")
	require.Equal(t, sortedLists(h.upper, h.m), g.upper, "upper lists, sorted")
	require.Equal(t, h.entry, g.entry)
	for qi := range 10 {
		q := f.queries[qi*f.dim : (qi+1)*f.dim]
		a, _ := h.Search(q, SearchOptions{})
		b, _ := g.Search(q, SearchOptions{})
		require.Equal(t, a, b)
	}
}

// TestLoadGraphRejects checks hand-made corruptions of a valid graph.
func TestLoadGraphRejects(t *testing.T) {
	good := goldenGraph(t)
	vecs := fuzzRows()
	le := binary.LittleEndian
	n := vecs.N
	cases := map[string]func(b []byte) []byte{
		"truncated":          func(b []byte) []byte { return b[:len(b)-1] },
		"trailing byte":      func(b []byte) []byte { return append(b, 0) },
		"short header":       func(b []byte) []byte { return b[:20] },
		"bad magic":          func(b []byte) []byte { b[0] = 'X'; return b },
		"version 2":          func(b []byte) []byte { b[4] = 2; return b },
		"M too small":        func(b []byte) []byte { b[5] = 1; return b },
		"wrong width":        func(b []byte) []byte { b[7] = 31; return b },
		"level too high":     func(b []byte) []byte { b[6] = 200; return b },
		"entry out of range": func(b []byte) []byte { le.PutUint32(b[12:], uint32(n)); return b },
		"negative entry":     func(b []byte) []byte { le.PutUint32(b[12:], math.MaxUint32); return b },
		"huge link count":    func(b []byte) []byte { le.PutUint32(b[20:], math.MaxUint32); return b },
		"reserved":           func(b []byte) []byte { b[30] = 1; return b },
		"degree above 2M":    func(b []byte) []byte { b[graphHeader] = 9; return b },
		"link out of range": func(b []byte) []byte {
			// Node 0's first gap: set its quotient bits to ones, beyond N.
			off := graphHeader + n + 5*int(le.Uint32(b[16:]))
			for _, l := range b[graphHeader+n+4*int(le.Uint32(b[16:])) : off] {
				off += int(l)
			}
			b[off] = 0xff
			return b
		},
	}
	for name, corrupt := range cases {
		t.Run(name, func(t *testing.T) {
			b := corrupt(append([]byte(nil), good...))
			_, err := LoadGraph(vecs, InnerProduct, b)
			require.ErrorIs(t, err, ErrGraphFormat)
		})
	}
	other := F32Vectors(make([]float32, 4*49), 4)
	_, err := LoadGraph(other, InnerProduct, good)
	require.ErrorIs(t, err, ErrGraphMismatch)
}

// FuzzLoadGraph feeds arbitrary bytes to LoadGraph and searches every graph it accepts: no input
// may panic, read out of bounds or make a search run forever.
func FuzzLoadGraph(f *testing.F) {
	good, err := os.ReadFile("testdata/graph_v1.bin")
	require.NoError(f, err)
	f.Add(good)
	f.Add(goldenGraph(f))
	empty, err := Build(context.Background(), Vectors{Dim: 4}, L2, Config{})
	require.NoError(f, err)
	f.Add(empty.MarshalGraph())
	f.Add([]byte("CRAG"))
	vecs := fuzzRows()
	queries := [][]float32{{1, 0, 0, 0}, {0, -1, 0.5, 0}, {float32(math.NaN()), 0, 0, 0}}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := LoadGraph(vecs, InnerProduct, data)
		if err != nil {
			return
		}
		for _, q := range queries {
			for _, opt := range []SearchOptions{{K: 5, Ef: 10}, {K: 50, Ef: 100}, {Filter: Filter{Allow: []int32{1, 2, 3}}, FilterPlan: FilterGraph}} {
				res, err := h.Search(q, opt)
				require.NoError(t, err)
				for _, r := range res {
					require.Less(t, int(r.Index), vecs.N)
					require.GreaterOrEqual(t, r.Index, int32(0))
				}
			}
		}
		again, err := LoadGraph(vecs, InnerProduct, h.MarshalGraph())
		require.NoError(t, err, "an accepted graph re-serialises to a valid one")
		require.Equal(t, h.links0, again.links0)
		require.Equal(t, h.upper, again.upper)
	})
}

// sortedLists returns a copy of a link slab with every list of stride slots sorted (the -1 padding
// stays at the end).
func sortedLists(slab []int32, stride int) []int32 {
	out := slices.Clone(slab)
	for i := 0; i < len(out); i += stride {
		list := out[i : i+stride]
		slices.Sort(list[:degree(list)])
	}
	return out
}
