package modelpack

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vmihailenco/msgpack/v5"
)

// encodeOne writes one value with mpWriter and with msgpack/v5's Encoder.
type encodeOne struct {
	name string
	ours func(w *mpWriter)
	ref  func(e *msgpack.Encoder) error
}

func writerCases(rng *rand.Rand) []encodeOne {
	var cs []encodeOne
	lens := []int{0, 1, 15, 16, 31, 32, 255, 256, 65535, 65536, rng.IntN(70000)}
	for _, n := range lens {
		s := strings.Repeat("é", n/2) + strings.Repeat("x", n%2)
		cs = append(cs,
			encodeOne{"str", func(w *mpWriter) { w.str(s) }, func(e *msgpack.Encoder) error { return e.EncodeString(s) }},
			encodeOne{"map", func(w *mpWriter) { w.mapLen(n) }, func(e *msgpack.Encoder) error { return e.EncodeMapLen(n) }},
			encodeOne{"array", func(w *mpWriter) { w.arrayLen(n) }, func(e *msgpack.Encoder) error { return e.EncodeArrayLen(n) }})
	}
	ints := []int64{0, 1, 127, 128, 255, 256, 65535, 65536, math.MaxUint32, math.MaxUint32 + 1, math.MaxInt64,
		-1, -32, -33, -128, -129, -32768, -32769, math.MinInt32, math.MinInt32 - 1, math.MinInt64}
	for i := 0; i < 50; i++ {
		ints = append(ints, int64(rng.Uint64())>>rng.IntN(64))
	}
	for _, v := range ints {
		cs = append(cs,
			encodeOne{"int", func(w *mpWriter) { w.int(v) }, func(e *msgpack.Encoder) error { return e.EncodeInt(v) }},
			encodeOne{"uint", func(w *mpWriter) { w.uint(uint64(v)) }, func(e *msgpack.Encoder) error { return e.EncodeUint(uint64(v)) }},
			encodeOne{"uint64", func(w *mpWriter) { w.uint64(uint64(v)) }, func(e *msgpack.Encoder) error { return e.EncodeUint64(uint64(v)) }})
	}
	for _, f := range []float64{0, math.Copysign(0, -1), 1.5, -3e300, math.Inf(1), math.NaN(), rng.NormFloat64()} {
		cs = append(cs, encodeOne{"float64", func(w *mpWriter) { w.float64(f) }, func(e *msgpack.Encoder) error { return e.EncodeFloat64(f) }})
	}
	times := []time.Time{time.Unix(0, 0), time.Unix(1<<32-1, 0), time.Unix(1<<32, 0), time.Unix(1, 999_999_999),
		time.Unix(1<<34-1, 5), time.Unix(1<<34, 5), time.Unix(-1, 0), time.Date(2026, 11, 26, 11, 0, 0, 123, time.FixedZone("x", 3600)),
		time.Unix(rng.Int64N(1<<40)-1<<39, rng.Int64N(1e9))}
	for _, tm := range times {
		cs = append(cs, encodeOne{"time", func(w *mpWriter) { w.time(tm) }, func(e *msgpack.Encoder) error { return e.EncodeTime(tm) }})
	}
	return append(cs, encodeOne{"nil", (*mpWriter).nilv, (*msgpack.Encoder).EncodeNil})
}

// The header writer emits the same bytes as msgpack/v5 (compact ints), so
// files written before and after it was replaced are identical.
func TestWriterMatchesMsgpack(t *testing.T) {
	for _, c := range writerCases(rand.New(rand.NewPCG(1, 2))) {
		var ref bytes.Buffer
		enc := msgpack.NewEncoder(&ref)
		enc.UseCompactInts(true)
		require.NoError(t, c.ref(enc))
		w := &mpWriter{}
		c.ours(w)
		require.Equal(t, ref.Bytes(), w.b, c.name)
	}
}

// A header written by mpWriter decodes, through msgpack/v5, to the same
// manifest (the msgpack tags on Manifest name the keys the writer uses).
func TestWriterManifestMatchesTags(t *testing.T) {
	m := Manifest{Kind: "mf", Name: "n", CreatedAt: time.Unix(1_700_000_000, 42).UTC(), Dim: -3, Metric: "dot",
		Training: Training{Source: "s", Users: 1 << 40, Items: 300, Interactions: -1, Params: map[string]string{"b": "2", "a": "1"},
			Epochs: 7, Seconds: 1.25},
		Metrics: map[string]float64{"ndcg@10": 0.5}, Extra: map[string]string{}}
	w := &mpWriter{}
	encodeManifest(w, &m)
	var got Manifest
	require.NoError(t, msgpack.Unmarshal(w.b, &got))
	got.CreatedAt = got.CreatedAt.UTC() // msgpack decodes to time.Local
	require.Equal(t, m, got)
}
