package abi

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzParseInput: any bytes either fail with ErrInput or give a view whose every accessor stays in bounds.
func FuzzParseInput(f *testing.F) {
	good, _ := AppendInput(nil, Header{K: 2, Dim: 2, Config: []byte("c")}, sampleRecords(3), make([]float32, 6))
	f.Add(good)
	f.Add(good[:HeaderSize])
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		in, err := ParseInput(b)
		if err != nil {
			require.ErrorIs(t, err, ErrInput)
			return
		}
		_ = in.Config()
		var emb []float32
		for i := 0; i < in.Len() && i < 64; i++ {
			_ = in.Record(i)
			emb = in.Embedding(i, emb[:0])
		}
	})
}

// FuzzOutputDecode: any block either fails with ErrOutput or decodes to distinct in-range positions.
func FuzzOutputDecode(f *testing.F) {
	f.Add(AppendOutput(nil, []int32{2, 0, 1}, nil), 3)
	f.Add(AppendOutput(nil, []int32{1}, []float32{0.5}), 2)
	f.Add([]byte{0xff, 0xff, 0xff, 0x7f, 1, 0, 0, 0}, 10)
	f.Fuzz(func(t *testing.T, b []byte, n int) {
		n = min(max(n, 0), 1<<12)
		var o Output
		if err := o.Decode(b, n); err != nil {
			require.ErrorIs(t, err, ErrOutput)
			return
		}
		seen := map[int32]bool{}
		for _, p := range o.Positions {
			require.True(t, p >= 0 && int(p) < n)
			require.False(t, seen[p])
			seen[p] = true
		}
		require.True(t, !o.Rescored || len(o.Scores) == len(o.Positions))
	})
}

// FuzzParseManifest: any bytes either fail with ErrManifest or give a manifest that round-trips.
func FuzzParseManifest(f *testing.F) {
	f.Add([]byte(`{"abi":1,"reads":["score"],"wasi":true}`))
	f.Add([]byte(`{"abi":1,"fuel":1e3}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseManifest(b)
		if err != nil {
			require.ErrorIs(t, err, ErrManifest)
			return
		}
		back, err := ParseManifest(m.Encode())
		require.NoError(t, err)
		require.Equal(t, m, back)
	})
}

// FuzzWithManifest: any bytes either fail with ErrManifest or give a module ending in exactly one manifest.
func FuzzWithManifest(f *testing.F) {
	f.Add(append(append([]byte(nil), wasmHeader...), 0, 3, 2, 'h', 'i'))
	f.Add(wasmHeader)
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := WithManifest(b, Manifest{ABI: 1, WASI: true})
		if err != nil {
			require.ErrorIs(t, err, ErrManifest)
			return
		}
		again, err := WithManifest(out, Manifest{ABI: 1, WASI: true})
		require.NoError(t, err)
		require.Equal(t, out, again)
	})
}
