//go:build js && wasm

package main

import (
	"math"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/testbundle"
	"github.com/corerec/corerec/wasm/wire"
)

// The exports are called here as Go functions, as corerec.js calls them: the query is written where
// corerec_search_buffer points and the answer read where corerec_search's result points. Run under node:
//
//	PATH=$PATH:$(go env GOROOT)/lib/wasm GOOS=js GOARCH=wasm go test ./wasm/

func testHost(t *testing.T) *host {
	data, err := testbundle.Make(testbundle.Config{Items: 2500, Dim: 16, Categories: 5, Seed: 9})
	require.NoError(t, err)
	eng, err := runtime.OpenBytes(data, runtime.Options{})
	require.NoError(t, err)
	require.Equal(t, "hnsw", eng.Index())
	h := &host{eng: eng}
	theHost = h
	t.Cleanup(func() {
		theHost = nil
		require.NoError(t, eng.Close())
	})
	return h
}

// exportSearch writes q through the buffer export and runs the search export, decoding its answer from
// the buffers the exports' addresses point at.
func exportSearch(t *testing.T, q []float32, k, ef, exact int32) ([]ann.Scored, string) {
	h := theHost
	ptr := searchBuffer(int32(len(q)))
	require.NotZero(t, ptr)
	require.Equal(t, addr(h.query), ptr)
	copy(h.query, q)
	r := searchExport(k, ef, exact)
	at, n := uint32(r), int(r>>32&0x7fffffff)
	if r>>63 != 0 {
		require.Equal(t, addr(h.buf), at)
		return nil, string(h.buf[:n])
	}
	words := h.found[:2*n]
	if n > 0 {
		require.Equal(t, addr(words), at)
	}
	out := make([]ann.Scored, n)
	for i := range out {
		out[i] = ann.Scored{Index: int32(words[i]), Score: math.Float32frombits(words[n+i])}
	}
	return out, ""
}

func addr[T any](s []T) uint32 { return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(s)))) }

func TestSearchExportMatchesSearcher(t *testing.T) {
	h := testHost(t)
	s, err := wire.NewSearcher(h.eng)
	require.NoError(t, err)
	for _, tc := range []struct {
		item      string
		k, ef, ex int32
	}{{"i000001", 10, 0, 0}, {"i000100", 7, 16, 0}, {"i002499", 25, 100, 0}, {"i000002", 10, 0, 1}} {
		q, err := h.eng.Encode(runtime.Request{History: []string{tc.item}})
		require.NoError(t, err)
		got, msg := exportSearch(t, q, tc.k, tc.ef, tc.ex)
		require.Empty(t, msg)
		want, err := s.Search(q, int(tc.k), int(tc.ef), tc.ex != 0)
		require.NoError(t, err)
		require.Equal(t, want, got, "%s", tc.item)
	}
}

func TestSearchExportErrors(t *testing.T) {
	h := testHost(t)
	q := make([]float32, 16)
	_, msg := exportSearch(t, q[:15], 10, 0, 0)
	require.Contains(t, msg, "query has 15 values, the bundle's dim is 16")
	_, msg = exportSearch(t, q, 0, 0, 0)
	require.Contains(t, msg, "k = 0 is outside")
	_, msg = exportSearch(t, q, 10, -5, 0)
	require.Contains(t, msg, "ef = -5 is outside")
	q[0] = float32(math.Inf(1))
	_, msg = exportSearch(t, q, 10, 0, 0)
	require.Contains(t, msg, "not finite")
	require.Zero(t, searchBuffer(-1))
	require.Zero(t, searchBuffer(maxQueryValues+1))

	h.eng = nil // closed
	h.searcher = nil
	_, msg = exportSearch(t, q, 10, 0, 0)
	require.Equal(t, "corerec: no bundle is open", msg)
	theHost = nil // no program
	require.Zero(t, searchBuffer(16))
	require.Equal(t, uint64(1)<<63, searchExport(10, 0, 0), "an empty error")
}
