package modelpack

import (
	"encoding/binary"
	"runtime"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
	"github.com/vmihailenco/msgpack/v5"
)

// assemble makes a file from a preamble version, raw header bytes and a
// tail (padding and payloads), with a correct header CRC.
func assemble(major, minor uint16, hdr, tail []byte) []byte {
	d := []byte(Magic)
	d = binary.LittleEndian.AppendUint16(d, major)
	d = binary.LittleEndian.AppendUint16(d, minor)
	d = binary.LittleEndian.AppendUint32(d, uint32(len(hdr)))
	d = append(d, hdr...)
	d = binary.LittleEndian.AppendUint32(d, crc32c(d))
	return append(d, tail...)
}

func TestNewerMinorAndUnknownKeys(t *testing.T) {
	hdr, err := msgpack.Marshal(map[string]any{
		"manifest": map[string]any{"kind": "mf", "dim": 8, "future": []any{1, "x", map[string]any{"y": []any{nil, true, 1.5}}}},
		"sections": []any{},
		"graph":    map[string]any{"levels": 3},
	})
	require.NoError(t, err)
	bd, err := OpenBytes(assemble(1, 7, hdr, nil), Options{})
	require.NoError(t, err)
	major, minor := bd.Version()
	require.Equal(t, [2]int{1, 7}, [2]int{major, minor})
	require.Equal(t, Manifest{Kind: "mf", Dim: 8}, bd.Manifest())

	_, err = OpenBytes(assemble(0, 9, hdr, nil), Options{})
	require.ErrorIs(t, err, ErrVersion)
}

func TestUnknownSections(t *testing.T) {
	b := NewBuilder(Manifest{})
	require.NoError(t, b.AddBytes("future.graph", []byte{1, 2, 3}))
	require.NoError(t, b.AddF32("x", []int{1}, []float32{1}))
	b.secs[0].info.Kind = "graph.hnsw" // a kind from a newer minor
	bd := openT(t, build(t, b))
	raw, info, err := bd.Raw("future.graph")
	require.NoError(t, err)
	require.Equal(t, []byte{1, 2, 3}, raw)
	require.Equal(t, "graph.hnsw", info.Kind)

	b.secs[0].info.Required = true
	err = mustFail(t, build(t, b), Options{}, "required unknown kind")
	require.ErrorIs(t, err, ErrUnsupported)
	require.Contains(t, err.Error(), `section "future.graph"`)

	// An unknown dtype is opaque too: no length check, CRC still applies.
	b.secs[0].info.Kind, b.secs[0].info.Required = KindTensor, false
	b.secs[0].info.DType = DTypeUnknown
	bd = openT(t, build(t, b))
	_, _, err = bd.Raw("future.graph")
	require.NoError(t, err)
}

func TestLayoutRules(t *testing.T) {
	b := NewBuilder(Manifest{})
	require.NoError(t, b.AddF32("aaaa", []int{3}, []float32{1, 2, 3}))
	require.NoError(t, b.AddF32("bbbb", []int{2}, []float32{4, 5}))
	require.NoError(t, b.AddF32("cccc", []int{0}, nil))
	good := build(t, b)
	openT(t, good)
	tests := []struct {
		name string
		edit func(secs []SectionInfo)
		want error
	}{
		{"duplicate name", func(s []SectionInfo) { s[1].Name = "aaaa" }, ErrCorrupt},
		{"misaligned", func(s []SectionInfo) { s[1].Offset += 8 }, ErrCorrupt},
		{"overlap", func(s []SectionInfo) { s[1].Offset = s[0].Offset }, ErrCorrupt},
		{"before header", func(s []SectionInfo) { s[0].Offset = 0 }, ErrCorrupt},
		{"past end", func(s []SectionInfo) { s[2].Offset += 1 << 20 }, ErrTruncated},
		{"length vs shape", func(s []SectionInfo) { s[0].Shape[0] = 2 }, ErrCorrupt},
		{"negative length", func(s []SectionInfo) { s[2].Length = -1 }, ErrCorrupt},
		{"shape overflow", func(s []SectionInfo) { s[0].Shape = []int{1 << 30, 1 << 30, 1 << 30} }, ErrCorrupt},
		{"empty name", func(s []SectionInfo) { s[0].Name = "" }, ErrCorrupt},
		{"gap then trailing", func(s []SectionInfo) { s[2].Offset -= Align }, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := rewriteLoose(t, good, tt.edit)
			err := mustFail(t, data, Options{}, "%s", tt.name)
			require.ErrorIs(t, err, tt.want)
		})
	}
}

// rewriteLoose re-encodes the header after f edits the section table and
// keeps the rest of the file as is; if the header length changes, the
// payloads no longer sit where the table says (still a fair test of the
// reader's checks).
func rewriteLoose(t *testing.T, data []byte, f func(secs []SectionInfo)) []byte {
	hlen := int(binary.LittleEndian.Uint32(data[12:]))
	m, secs, err := decodeHeader(data[PreambleLen:PreambleLen+hlen], int64(len(data)))
	require.NoError(t, err)
	f(secs)
	return assemble(FormatMajor, FormatMinor, encodeHeader(m, secs), data[PreambleLen+hlen+4:])
}

func TestCompositeValidation(t *testing.T) {
	u32 := func(v ...uint32) []byte { return leBytes(v) }
	i32 := func(v ...int32) []byte { return leBytes(v) }
	type part struct {
		name, kind string
		dt         DType
		shape      []int
		data       []byte
		attrs      map[string]string
	}
	tests := []struct {
		name  string
		parts []part
	}{
		{"strings decreasing", []part{{"s.offsets", KindStringsOffsets, Uint32, []int{3}, u32(0, 2, 1), nil}, {"s.data", KindStringsData, Bytes, []int{1}, []byte("a"), nil}}},
		{"strings past blob", []part{{"s.offsets", KindStringsOffsets, Uint32, []int{2}, u32(0, 9), nil}, {"s.data", KindStringsData, Bytes, []int{1}, []byte("a"), nil}}},
		{"strings no data", []part{{"s.offsets", KindStringsOffsets, Uint32, []int{1}, u32(0), nil}}},
		{"strings bad name", []part{{"s.offs", KindStringsOffsets, Uint32, []int{1}, u32(0), nil}}},
		{"strings data wrong kind", []part{{"s.offsets", KindStringsOffsets, Uint32, []int{1}, u32(0), nil}, {"s.data", KindTensor, Bytes, []int{0}, nil, nil}}},
		{"strings bad hash", []part{{"s.offsets", KindStringsOffsets, Uint32, []int{2}, u32(0, 1), nil}, {"s.data", KindStringsData, Bytes, []int{1}, []byte("a"), nil}, {"s.hash", KindStringsHash, Uint32, []int{2}, u32(0, 0), nil}}},
		{"csr index range", []part{{"c.indptr", KindCSRIndptr, Uint32, []int{2}, u32(0, 1), map[string]string{"cols": "3"}}, {"c.indices", KindCSRIndices, Int32, []int{1}, i32(3), nil}}},
		{"csr no cols", []part{{"c.indptr", KindCSRIndptr, Uint32, []int{2}, u32(0, 1), nil}, {"c.indices", KindCSRIndices, Int32, []int{1}, i32(0), nil}}},
		{"csr indptr past nnz", []part{{"c.indptr", KindCSRIndptr, Uint32, []int{2}, u32(0, 5), map[string]string{"cols": "3"}}, {"c.indices", KindCSRIndices, Int32, []int{1}, i32(0), nil}}},
		{"csr empty indptr", []part{{"c.indptr", KindCSRIndptr, Uint32, []int{0}, nil, map[string]string{"cols": "3"}}, {"c.indices", KindCSRIndices, Int32, []int{0}, nil, nil}}},
		{"matrix 1-d", []part{{"m.f32", KindMatrix, F32, []int{1}, u32(0), nil}}},
		{"matrix suffix", []part{{"m.f16", KindMatrix, F32, []int{1, 1}, u32(0), nil}}},
		{"matrix two payloads", []part{{"m.f32", KindMatrix, F32, []int{1, 1}, u32(0), nil}, {"m.f16", KindMatrix, F16, []int{1, 1}, []byte{0, 0}, nil}}},
		{"int8 no scale attr", []part{{"m.int8", KindMatrix, Int8, []int{1, 1}, []byte{0}, nil}}},
		{"int8 no scales", []part{{"m.int8", KindMatrix, Int8, []int{1, 1}, []byte{0}, map[string]string{"scale": "row"}}}},
		{"int8 scales wrong len", []part{{"m.int8", KindMatrix, Int8, []int{2, 1}, []byte{0, 0}, map[string]string{"scale": "row"}},
			{"m.scale", KindMatrixScale, F32, []int{1}, u32(0), nil}, {"m.offset", KindMatrixOffset, F32, []int{1}, u32(0), nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBuilder(Manifest{})
			for _, p := range tt.parts {
				require.NoError(t, b.add(SectionInfo{Name: p.name, Kind: p.kind, DType: p.dt, Shape: p.shape, Attrs: p.attrs}, p.data))
			}
			err := mustFail(t, build(t, b), Options{}, "%s", tt.name)
			require.ErrorIs(t, err, ErrCorrupt)
		})
	}
}

func TestCatalogValidation(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(b *Builder) error
	}{
		{"category code", func(b *Builder) error {
			return firstErr(b.AddStrings(catCategories, []string{"x"}), b.AddInt32(catCategory, []int{2}, []int32{0, 1}))
		}},
		{"category no names", func(b *Builder) error { return b.AddInt32(catCategory, []int{2}, []int32{0, 0}) }},
		{"created_at length", func(b *Builder) error { return b.AddInt64(catCreatedAt, []int{1}, []int64{5}) }},
		{"tags rows", func(b *Builder) error {
			c, _ := NewCSR([][]int32{{0}}, 1)
			return firstErr(b.AddStrings(catTagNames, []string{"t"}), b.AddCSR(catTags, c))
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBuilder(Manifest{})
			require.NoError(t, b.AddStrings(catItems, []string{"a", "b"}))
			require.NoError(t, tt.edit(b))
			err := mustFail(t, build(t, b), Options{}, "%s", tt.name)
			require.ErrorIs(t, err, ErrCorrupt)
		})
	}
}

// A header that declares huge counts gets an error and costs about its
// own size in memory.
func TestHostileHeadersAllocateLittle(t *testing.T) {
	mp := func(b ...byte) []byte { return b }
	manifest := append([]byte{0xa8}, "manifest"...)
	sections := append([]byte{0xa8}, "sections"...)
	cat := func(parts ...[]byte) []byte {
		var out []byte
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	tests := map[string][]byte{
		"array32 sections": cat(mp(0x82), manifest, mp(0x80), sections, mp(0xdd, 0xff, 0xff, 0xff, 0xff)),
		"map32 manifest":   cat(mp(0x82), manifest, mp(0xdf, 0x7f, 0xff, 0xff, 0xff)),
		"str32 key":        cat(mp(0x81, 0xdb, 0xff, 0xff, 0xff, 0xf0)),
		"bin32 skip":       cat(mp(0x81, 0xa3), []byte("xyz"), mp(0xc6, 0xff, 0xff, 0xff, 0x00)),
		"ext32 skip":       cat(mp(0x81, 0xa3), []byte("xyz"), mp(0xc9, 0xff, 0xff, 0xff, 0x00, 0x01)),
		"deep nesting":     cat(mp(0x81, 0xa3), []byte("xyz"), repeat(0x91, 10000), mp(0xc0)),
		"shape dims":       cat(mp(0x82), manifest, mp(0x80), sections, mp(0x91, 0x81, 0xa5), []byte("shape"), mp(0xdd, 0x00, 0x10, 0x00, 0x00)),
		"extra map":        cat(mp(0x82), manifest, mp(0x81, 0xa5), []byte("extra"), mp(0xdf, 0x00, 0x10, 0x00, 0x00)),
		"not a map":        mp(0x93, 1, 2, 3),
		"trailing":         cat(mp(0x82), manifest, mp(0x80), sections, mp(0x90, 0xc0)),
		"many sections":    cat(mp(0x82), manifest, mp(0x80), sections, mp(0xdc, 0x01, 0x00), repeat(0x80, 256)),
	}
	for name, hdr := range tests {
		t.Run(name, func(t *testing.T) {
			data := assemble(1, 0, hdr, nil)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := mustFail(t, data, Options{}, "%s", name)
			runtime.ReadMemStats(&after)
			require.ErrorIs(t, err, ErrCorrupt)
			require.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(64<<10), "allocated for a %d-byte file", len(data))
		})
	}
}

func repeat(b byte, n int) []byte {
	out := make([]byte, n)
	for i := range out {
		out[i] = b
	}
	return out
}

func TestCRC32CCheckValue(t *testing.T) {
	require.Equal(t, uint32(0xe3069283), crc32c([]byte("123456789")))
}

// The section-count limit bounds the table by the file size only if an
// entry is no larger than sectionCost.
func TestSectionInfoSize(t *testing.T) {
	require.LessOrEqual(t, unsafe.Sizeof(SectionInfo{}), uintptr(sectionCost))
}
