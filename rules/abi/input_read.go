package abi

import (
	"math"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Input is a read-only view of an encoded input, as a plugin (or a test) reads it. It honours the sizes the
// header declares, so it reads inputs of later versions that appended fields.
type Input struct {
	b                []byte
	n, dim           int
	recOff, recSize  int
	embOff           int
	cfgOff, cfgLen   int
	k                uint32
	now              int64
	userHash         uint64
	headerSize, vers int
}

// ParseInput checks an input's header and that every region it declares lies inside b.
func ParseInput(b []byte) (*Input, error) {
	if len(b) < HeaderSize {
		return nil, fmtlite.Errorf("%w: %d bytes, the header alone is %d", ErrInput, len(b), HeaderSize)
	}
	if m := le.Uint32(b[offMagic:]); m != Magic {
		return nil, fmtlite.Errorf("%w: magic %#x", ErrInput, m)
	}
	in := &Input{b: b, vers: int(le.Uint16(b[offVersion:])), headerSize: int(le.Uint16(b[offHeaderSize:]))}
	in.recSize = int(le.Uint32(b[offRecordSize:]))
	in.n, in.dim = int(le.Uint32(b[offCount:])), int(le.Uint32(b[offDim:]))
	in.k, in.now, in.userHash = le.Uint32(b[offK:]), int64(le.Uint64(b[offNow:])), le.Uint64(b[offUserHash:])
	in.recOff, in.embOff = int(le.Uint32(b[offRecords:])), int(le.Uint32(b[offEmbeddings:]))
	in.cfgOff, in.cfgLen = int(le.Uint32(b[offConfig:])), int(le.Uint32(b[offConfigLen:]))
	switch {
	case in.vers < Version:
		return nil, fmtlite.Errorf("%w: version %d", ErrInput, in.vers)
	case in.headerSize < HeaderSize || in.recSize < RecordSize:
		return nil, fmtlite.Errorf("%w: header %d or record %d bytes is below v1", ErrInput, in.headerSize, in.recSize)
	case in.n > MaxCount || in.dim > MaxDim:
		return nil, fmtlite.Errorf("%w: %d candidates of embedding width %d", ErrInput, in.n, in.dim)
	case !inside(len(b), in.recOff, in.n*in.recSize):
		return nil, fmtlite.Errorf("%w: records [%d, +%d×%d) outside %d bytes", ErrInput, in.recOff, in.n, in.recSize, len(b))
	case in.dim > 0 && !inside(len(b), in.embOff, in.n*in.dim*4):
		return nil, fmtlite.Errorf("%w: embeddings at %d outside %d bytes", ErrInput, in.embOff, len(b))
	case !inside(len(b), in.cfgOff, in.cfgLen):
		return nil, fmtlite.Errorf("%w: config [%d, +%d) outside %d bytes", ErrInput, in.cfgOff, in.cfgLen, len(b))
	}
	return in, nil
}

// inside reports whether [off, off+size) lies in [0, n); all values are non-negative and below 2^32·2^20.
func inside(n, off, size int) bool { return off >= 0 && size >= 0 && off <= n && size <= n-off }

// Len is the number of candidates.
func (in *Input) Len() int { return in.n }

// K is how many items the request wants in the end.
func (in *Input) K() int { return int(in.k) }

// Now is the request's clock in unix seconds (0 = none).
func (in *Input) Now() int64 { return in.now }

// UserHash is Hash of the request's user id (0 = none).
func (in *Input) UserHash() uint64 { return in.userHash }

// Dim is the number of embedding floats per candidate (0 = none sent).
func (in *Input) Dim() int { return in.dim }

// Config is the host's opaque configuration for the plugin.
func (in *Input) Config() []byte { return in.b[in.cfgOff : in.cfgOff+in.cfgLen] }

// Record returns candidate i (0 ≤ i < Len()).
func (in *Input) Record(i int) Record {
	b := in.b[in.recOff+i*in.recSize:][:RecordSize]
	r := Record{
		Index:        int32(le.Uint32(b[recIndex:])),
		Score:        math.Float32frombits(le.Uint32(b[recScore:])),
		IDHash:       le.Uint64(b[recIDHash:]),
		CreatedAt:    int64(le.Uint64(b[recCreatedAt:])),
		CategoryHash: le.Uint64(b[recCategory:]),
	}
	for j := range r.Attrs {
		r.Attrs[j] = math.Float32frombits(le.Uint32(b[recAttrs+4*j:]))
	}
	return r
}

// Embedding appends candidate i's embedding to dst (nothing when Dim is 0).
func (in *Input) Embedding(i int, dst []float32) []float32 {
	if in.dim == 0 {
		return dst // the embeddings offset is meaningless then, and unchecked
	}
	b := in.b[in.embOff+i*in.dim*4:]
	for j := 0; j < in.dim; j++ {
		dst = append(dst, math.Float32frombits(le.Uint32(b[4*j:])))
	}
	return dst
}
