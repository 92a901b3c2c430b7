package abi

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func sampleRecords(n int) []Record {
	recs := make([]Record, n)
	for i := range recs {
		recs[i] = Record{Index: int32(100 + i), Score: float32(n - i), IDHash: Hash(string(rune('a' + i%26))),
			CreatedAt: int64(1_700_000_000 + i), CategoryHash: Hash([]string{"", "jazz", "rock"}[i%3]),
			Attrs: [NumAttrs]float32{float32(i) * 1.5, -1, 0, 7}}
	}
	return recs
}

func TestInputRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		dim  uint32
		cfg  []byte
	}{{"empty", 0, 0, nil}, {"one", 1, 0, nil}, {"emb", 5, 3, nil}, {"config", 7, 2, []byte("band=1..2")}} {
		t.Run(tc.name, func(t *testing.T) {
			recs := sampleRecords(tc.n)
			emb := make([]float32, tc.n*int(tc.dim))
			for i := range emb {
				emb[i] = float32(i) / 3
			}
			h := Header{K: 3, Now: 1_800_000_000, UserHash: Hash("u1"), Dim: tc.dim, Config: tc.cfg}
			b, err := AppendInput([]byte("prefix"), h, recs, emb)
			require.NoError(t, err)
			require.Equal(t, "prefix", string(b[:6]))
			b = b[6:]
			require.Len(t, b, InputSize(tc.n, int(tc.dim), len(tc.cfg)))
			in, err := ParseInput(b)
			require.NoError(t, err)
			require.Equal(t, tc.n, in.Len())
			require.Equal(t, 3, in.K())
			require.Equal(t, int64(1_800_000_000), in.Now())
			require.Equal(t, Hash("u1"), in.UserHash())
			require.Equal(t, int(tc.dim), in.Dim())
			require.Equal(t, string(tc.cfg), string(in.Config()))
			var got []float32
			for i := range recs {
				require.Equal(t, recs[i], in.Record(i))
				got = in.Embedding(i, got)
			}
			require.Equal(t, emb, append([]float32{}, got...))
		})
	}
}

func TestEncodeInputErrors(t *testing.T) {
	recs := sampleRecords(2)
	_, err := AppendInput(nil, Header{Dim: 2}, recs, make([]float32, 3))
	require.ErrorIs(t, err, ErrInput)
	_, err = AppendInput(nil, Header{Dim: MaxDim + 1}, nil, nil)
	require.ErrorIs(t, err, ErrInput)
	require.ErrorIs(t, EncodeInput(make([]byte, 10), Header{}, recs, nil), ErrInput)
}

func TestParseInputErrors(t *testing.T) {
	good, err := AppendInput(nil, Header{K: 1, Dim: 1, Config: []byte("x")}, sampleRecords(3), []float32{1, 2, 3})
	require.NoError(t, err)
	mutate := func(off int, v uint32) []byte {
		b := append([]byte(nil), good...)
		le.PutUint32(b[off:], v)
		return b
	}
	for name, b := range map[string][]byte{
		"short":          good[:HeaderSize-1],
		"magic":          mutate(offMagic, 1),
		"version 0":      mutate(offVersion, 0|HeaderSize<<16),
		"small header":   mutate(offVersion, 1|8<<16),
		"small record":   mutate(offRecordSize, 8),
		"count":          mutate(offCount, 4),
		"huge count":     mutate(offCount, MaxCount+1),
		"records past":   mutate(offRecords, uint32(len(good))),
		"embedding past": mutate(offEmbeddings, uint32(len(good)-4)),
		"config past":    mutate(offConfigLen, 2),
		"config offset":  mutate(offConfig, math.MaxUint32),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseInput(b)
			require.ErrorIs(t, err, ErrInput)
		})
	}
}

// A later version may append header and record fields; a v1 reader still reads what it knows.
func TestParseInputLongerRecords(t *testing.T) {
	recs := sampleRecords(2)
	const hs, rs = 80, 56
	b := make([]byte, hs+2*rs)
	v1, err := AppendInput(nil, Header{K: 2}, recs, nil)
	require.NoError(t, err)
	copy(b, v1[:HeaderSize])
	le.PutUint16(b[offVersion:], 2)
	le.PutUint16(b[offHeaderSize:], hs)
	le.PutUint32(b[offRecordSize:], rs)
	le.PutUint32(b[offRecords:], hs)
	le.PutUint32(b[offConfig:], uint32(len(b)))
	for i := range recs {
		copy(b[hs+i*rs:], v1[HeaderSize+i*RecordSize:][:RecordSize])
	}
	in, err := ParseInput(b)
	require.NoError(t, err)
	require.Equal(t, recs[1], in.Record(1))
}

func TestOutputDecode(t *testing.T) {
	const n = 5
	nan := float32(math.NaN())
	for _, tc := range []struct {
		name   string
		block  []byte
		pos    []int32
		scores []float32
		err    string
	}{
		{"empty", AppendOutput(nil, nil, nil), nil, nil, ""},
		{"reorder", AppendOutput(nil, []int32{4, 0, 2}, nil), []int32{4, 0, 2}, nil, ""},
		{"all", AppendOutput(nil, []int32{0, 1, 2, 3, 4}, nil), []int32{0, 1, 2, 3, 4}, nil, ""},
		{"rescored", AppendOutput(nil, []int32{1, 3}, []float32{9, -1}), []int32{1, 3}, []float32{9, -1}, ""},
		{"out of range", AppendOutput(nil, []int32{0, 5}, nil), nil, nil, "out of range"},
		{"negative", AppendOutput(nil, []int32{-1}, nil), nil, nil, "negative"},
		{"duplicate", AppendOutput(nil, []int32{2, 1, 2}, nil), nil, nil, "repeats"},
		{"oversized", AppendOutput(nil, []int32{0, 1, 2, 3, 4, 0}, nil), nil, nil, "6 entries for 5"},
		{"huge count", []byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0}, nil, nil, "entries for 5"},
		{"flags", []byte{0, 0, 0, 0, 2, 0, 0, 0}, nil, nil, "unknown flag"},
		{"truncated", AppendOutput(nil, []int32{1, 2}, nil)[:12], nil, nil, "needs 16 bytes"},
		{"short header", []byte{1, 0, 0}, nil, nil, "header"},
		{"nan", AppendOutput(nil, []int32{1}, []float32{nan}), nil, nil, "score NaN"},
		{"inf", AppendOutput(nil, []int32{1}, []float32{float32(math.Inf(1))}), nil, nil, "score +Inf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var o Output
			err := o.Decode(tc.block, n)
			if tc.err != "" {
				require.ErrorIs(t, err, ErrOutput)
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, len(tc.pos), len(o.Positions))
			if len(tc.pos) > 0 {
				require.Equal(t, tc.pos, o.Positions)
			}
			require.Equal(t, tc.scores != nil, o.Rescored)
			if tc.scores != nil {
				require.Equal(t, tc.scores, o.Scores)
			}
		})
	}
}

// The duplicate detector is cleared between calls: the same Output decodes block after block.
func TestOutputReuse(t *testing.T) {
	var o Output
	require.Error(t, o.Decode(AppendOutput(nil, []int32{3, 3}, nil), 70))
	for range 3 {
		require.NoError(t, o.Decode(AppendOutput(nil, []int32{3, 69, 64, 0}, nil), 70))
		require.Equal(t, []int32{3, 69, 64, 0}, o.Positions)
	}
}

func TestHash(t *testing.T) {
	require.Equal(t, uint64(0), Hash(""))
	require.Equal(t, uint64(0xaf63dc4c8601ec8c), Hash("a")) // FNV-1a 64 test vector
	require.Equal(t, uint64(0x85944171f73967e8), Hash("foobar"))
}

func TestManifest(t *testing.T) {
	for _, tc := range []struct {
		name, js, err string
	}{
		{"minimal", `{"abi":1}`, ""},
		{"full", `{"abi":1,"name":"x","reads":["score","embedding"],"fuel":5,"init_fuel":6,"memory_pages":7,"wasi":true}`, ""},
		{"version", `{"abi":2}`, "ABI 2"},
		{"unknown key", `{"abi":1,"net":true}`, "unknown field"},
		{"unknown read", `{"abi":1,"reads":["price"]}`, `unknown field "price"`},
		{"negative fuel", `{"abi":1,"fuel":-1}`, "negative"},
		{"trailing", `{"abi":1} {}`, "data after the value"},
		{"not json", `abi=1`, "at byte 0"},
		{"pages type", `{"abi":1,"memory_pages":-1}`, "cannot read the number -1 into a uint32"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseManifest([]byte(tc.js))
			if tc.err != "" {
				require.ErrorIs(t, err, ErrManifest)
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			back, err := ParseManifest(m.Encode())
			require.NoError(t, err)
			require.Equal(t, m, back)
		})
	}
	_, err := ParseManifest(make([]byte, MaxManifestSize+1))
	require.ErrorIs(t, err, ErrManifest)
}

func TestManifestReading(t *testing.T) {
	require.True(t, Manifest{}.Reading(FieldScore))
	require.False(t, Manifest{}.Reading(FieldEmbedding))
	m := Manifest{Reads: []string{FieldEmbedding}}
	require.True(t, m.Reading(FieldEmbedding))
	require.False(t, m.Reading(FieldScore))
}

func TestWithManifest(t *testing.T) {
	mod := append([]byte(nil), wasmHeader...)
	out, err := WithManifest(mod, Manifest{ABI: 1, WASI: true})
	require.NoError(t, err)
	require.Equal(t, mod, out[:8])
	js := `{"abi":1,"wasi":true}`
	want := append([]byte{0, byte(1 + len(ManifestSection) + len(js)), byte(len(ManifestSection))}, ManifestSection+js...)
	require.Equal(t, want, out[8:])
	again, err := WithManifest(out, Manifest{ABI: 1, Name: "x"})
	require.NoError(t, err)
	require.Contains(t, string(again), `{"abi":1,"name":"x"}`)
	require.NotContains(t, string(again), `"wasi"`, "the old manifest is replaced")
	_, err = WithManifest([]byte("nope"), Manifest{ABI: 1})
	require.ErrorIs(t, err, ErrManifest)
	_, err = WithManifest(append(append([]byte(nil), wasmHeader...), 0, 0x7f), Manifest{ABI: 1})
	require.ErrorIs(t, err, ErrManifest)
	_, err = WithManifest(mod, Manifest{ABI: 3})
	require.ErrorIs(t, err, ErrManifest)
}
