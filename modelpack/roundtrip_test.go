package modelpack

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/vmihailenco/msgpack/v5"
)

func TestRoundTripDTypes(t *testing.T) {
	b := NewBuilder(Manifest{Kind: "test"})
	require.NoError(t, firstErr(
		b.AddF32("f32", []int{2, 3}, []float32{1, -2, 3.5, float32(math.Inf(1)), 0, -0.25}),
		b.AddInt32("i32", []int{3}, []int32{math.MinInt32, 0, math.MaxInt32}),
		b.AddUint32("u32", []int{2}, []uint32{0, math.MaxUint32}),
		b.AddInt64("i64", []int{2}, []int64{math.MinInt64, 42}),
		b.AddBytes("bytes", []byte("hello")),
		b.AddTensor("f16", F16, []int{2}, []byte{0x00, 0x3c, 0x00, 0xc0}, false), // 1, -2
		b.AddTensor("i8", Int8, []int{3}, []byte{0x80, 0x00, 0x7f}, true),
		b.AddTensor("u8", Uint8, []int{1}, []byte{0xff}, false),
		b.AddTensor("u16", Uint16, []int{1}, []byte{0x34, 0x12}, false),
		b.AddF32("empty", []int{0, 4}, nil),
		b.AddF32("scalar", nil, []float32{7}),
	))
	bd := openT(t, build(t, b))

	f, shape, err := bd.F32("f32")
	require.NoError(t, err)
	require.Equal(t, []int{2, 3}, shape)
	require.Equal(t, []float32{1, -2, 3.5, float32(math.Inf(1)), 0, -0.25}, f)
	i32, _, err := bd.Int32("i32")
	require.NoError(t, err)
	require.Equal(t, []int32{math.MinInt32, 0, math.MaxInt32}, i32)
	u32, _, err := bd.Uint32("u32")
	require.NoError(t, err)
	require.Equal(t, []uint32{0, math.MaxUint32}, u32)
	i64, _, err := bd.Int64("i64")
	require.NoError(t, err)
	require.Equal(t, []int64{math.MinInt64, 42}, i64)
	h, _, err := bd.F16("f16")
	require.NoError(t, err)
	require.Equal(t, []float32{1, -2}, []float32{F16ToF32(h[0]), F16ToF32(h[1])})
	i8, _, err := bd.Int8("i8")
	require.NoError(t, err)
	require.Equal(t, []int8{-128, 0, 127}, i8)
	raw, info, err := bd.Raw("bytes")
	require.NoError(t, err)
	require.Equal(t, "hello", string(raw))
	require.Equal(t, SectionInfo{Name: "bytes", Kind: KindTensor, DType: Bytes, Shape: []int{5},
		Offset: info.Offset, Length: 5, CRC32C: crc32c([]byte("hello"))}, info)
	raw, info, err = bd.Raw("u16")
	require.NoError(t, err)
	require.Equal(t, []uint16{0x1234}, viewAs[uint16](raw))
	require.Equal(t, Uint16, info.DType)
	_, info, err = bd.Raw("i8")
	require.NoError(t, err)
	require.True(t, info.Required)
	e, shape, err := bd.F32("empty")
	require.NoError(t, err)
	require.Equal(t, []int{0, 4}, shape)
	require.Empty(t, e)
	s, shape, err := bd.F32("scalar")
	require.NoError(t, err)
	require.Empty(t, shape)
	require.Equal(t, []float32{7}, s)
}

func TestAccessorErrors(t *testing.T) {
	bd := openT(t, build(t, goldenBuilder(t)))
	_, _, err := bd.F32("nope")
	require.ErrorIs(t, err, ErrNotFound)
	require.EqualError(t, err, `modelpack: section "nope": modelpack: not found`)
	_, _, err = bd.Int32("bias")
	require.ErrorIs(t, err, ErrDType)
	_, err = bd.Matrix("bias")
	require.ErrorIs(t, err, ErrNotFound)
	_, err = bd.Strings("bias")
	require.ErrorIs(t, err, ErrNotFound)
	_, err = bd.CSR("bias")
	require.ErrorIs(t, err, ErrNotFound)
	require.True(t, bd.Has("bias"))
	require.False(t, bd.Has("items"))
	require.True(t, bd.Has("items.int8"))

	require.NoError(t, bd.Close())
	require.NoError(t, bd.Close())
	_, _, err = bd.F32("bias")
	require.ErrorIs(t, err, ErrClosed)
	_, err = bd.Catalog()
	require.ErrorIs(t, err, ErrClosed)
}

func TestManifestRoundTrip(t *testing.T) {
	bd := openT(t, build(t, goldenBuilder(t)))
	m := bd.Manifest()
	want := testManifest()
	require.True(t, want.CreatedAt.Equal(m.CreatedAt))
	m.CreatedAt = want.CreatedAt
	require.Equal(t, want, m)
	m.Extra["note"] = "changed" // a copy: the bundle is unaffected
	require.Equal(t, "golden", bd.Manifest().Extra["note"])
	major, minor := bd.Version()
	require.Equal(t, [2]int{1, 0}, [2]int{major, minor}, "a file without feature markers is a 1.0 file")

	empty := openT(t, build(t, NewBuilder(Manifest{})))
	require.Equal(t, Manifest{}, empty.Manifest())
	require.Empty(t, empty.Sections())
}

func TestSectionsLayout(t *testing.T) {
	data := build(t, goldenBuilder(t))
	bd := openT(t, data)
	require.EqualValues(t, len(data), bd.Size())
	secs := bd.Sections()
	require.NotEmpty(t, secs)
	for i, s := range secs {
		require.Zero(t, s.Offset%Align, s.Name)
		if i > 0 {
			require.Greater(t, s.Offset, secs[i-1].Offset+secs[i-1].Length-1)
		}
	}
	last := secs[len(secs)-1]
	require.EqualValues(t, len(data), last.Offset+last.Length)
	secs[0].Shape[0] = -99 // a copy
	require.NotEqual(t, -99, bd.Sections()[0].Shape[0])
}

func TestBuilderErrors(t *testing.T) {
	tests := []struct {
		name string
		add  func(b *Builder) error
		want error
	}{
		{"duplicate", func(b *Builder) error { return firstErr(b.AddBytes("x", nil), b.AddBytes("x", nil)) }, ErrInvalid},
		{"shape mismatch", func(b *Builder) error { return b.AddF32("x", []int{3}, []float32{1, 2}) }, ErrInvalid},
		{"negative dim", func(b *Builder) error { return b.AddF32("x", []int{-1}, nil) }, ErrInvalid},
		{"empty name", func(b *Builder) error { return b.AddBytes("", nil) }, ErrInvalid},
		{"long name", func(b *Builder) error { return b.AddBytes(string(make([]byte, MaxNameLen+1)), nil) }, ErrInvalid},
		{"unknown dtype", func(b *Builder) error { return b.AddTensor("x", DTypeUnknown, []int{1}, []byte{1}, false) }, ErrInvalid},
		{"too many dims", func(b *Builder) error { return b.AddF32("x", make([]int, MaxDims+1), nil) }, ErrRange},
		{"matrix collides", func(b *Builder) error {
			return firstErr(b.AddBytes("m.scale", nil), b.AddMatrix("m", Matrix{}))
		}, ErrInvalid},
		{"bad matrix", func(b *Builder) error { return b.AddMatrix("m", Matrix{Rows: 1, Cols: 1}) }, ErrInvalid},
		{"bad csr", func(b *Builder) error {
			return b.AddCSR("c", CSR{Rows: 1, Cols: 1, Indptr: []uint32{0, 1}, Indices: []int32{1}})
		}, ErrInvalid},
		{"duplicate item", func(b *Builder) error { return b.AddCatalog(&Catalog{ItemIDs: []string{"a", "a"}}) }, ErrInvalid},
		{"category length", func(b *Builder) error {
			return b.AddCatalog(&Catalog{ItemIDs: []string{"a"}, Category: []string{"x", "y"}})
		}, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.add(NewBuilder(Manifest{}))
			require.ErrorIs(t, err, tt.want)
		})
	}
	_, err := NewBuilder(Manifest{Metric: "euclid"}).WriteTo(&errWriter{})
	require.ErrorIs(t, err, ErrInvalid)
}

type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteToError(t *testing.T) {
	_, err := goldenBuilder(t).WriteTo(errWriter{})
	require.EqualError(t, err, "disk full")
}

// The msgpack tags on Manifest and the hand-written codec name the same
// keys: a manifest marshalled by the msgpack library decodes identically.
func TestManifestTagsMatchCodec(t *testing.T) {
	want := testManifest()
	raw, err := msgpack.Marshal(want)
	require.NoError(t, err)
	r := &mpReader{b: raw}
	got, err := r.manifest()
	require.NoError(t, err)
	require.Zero(t, r.remaining())
	require.True(t, want.CreatedAt.Equal(got.CreatedAt))
	got.CreatedAt = want.CreatedAt
	require.Equal(t, want, got)
}

func TestTimestampForms(t *testing.T) {
	for _, tm := range []time.Time{
		time.Unix(1, 0).UTC(),                  // 4-byte form
		time.Unix(1700000000, 123456789).UTC(), // 8-byte form
		time.Unix(-5, 7).UTC(),                 // 12-byte form
		time.Date(2500, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		raw, err := msgpack.Marshal(tm)
		require.NoError(t, err)
		r := &mpReader{b: raw}
		got, err := r.timev()
		require.NoError(t, err)
		require.True(t, tm.Equal(got), "%v != %v", tm, got)
	}
}

func TestSectionInfoJSON(t *testing.T) {
	b, err := json.Marshal(SectionInfo{Name: "x", DType: F16, Shape: []int{2}})
	require.NoError(t, err)
	require.JSONEq(t, `{"name":"x","kind":"","dtype":"f16","shape":[2],"offset":0,"length":0,"crc32c":0,"required":false}`, string(b))
	var s SectionInfo
	require.NoError(t, json.Unmarshal(b, &s))
	require.Equal(t, F16, s.DType)
	for d := F32; d <= Bytes; d++ {
		require.Equal(t, d, parseDType(d.String()))
	}
	require.Equal(t, DTypeUnknown, parseDType("bf16"))
	require.Equal(t, "unknown", DType(200).String())
	require.Equal(t, 0, DType(200).Size())
}
