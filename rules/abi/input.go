package abi

import (
	"encoding/binary"
	"math"

	"github.com/corerec/corerec/internal/fmtlite"
)

var le = binary.LittleEndian

// InputSize is the size of an input with n candidates, dim embedding floats each and a config of
// configLen bytes.
func InputSize(n, dim, configLen int) int {
	return HeaderSize + n*RecordSize + n*dim*4 + configLen
}

// AppendInput appends a complete input to dst: the header, the records, n×h.Dim embedding floats
// (candidate-major; nil when h.Dim is 0) and h.Config.
func AppendInput(dst []byte, h Header, recs []Record, emb []float32) ([]byte, error) {
	size := InputSize(len(recs), int(h.Dim), len(h.Config))
	start := len(dst)
	dst = append(dst, make([]byte, size)...)
	if err := EncodeInput(dst[start:], h, recs, emb); err != nil {
		return dst[:start], err
	}
	return dst, nil
}

// EncodeInput writes a complete input into b, which must be exactly InputSize(len(recs), h.Dim,
// len(h.Config)) bytes long — for instance a view of a plugin's memory.
func EncodeInput(b []byte, h Header, recs []Record, emb []float32) error {
	n, dim := len(recs), int(h.Dim)
	switch {
	case n > MaxCount:
		return fmtlite.Errorf("%w: %d candidates, at most %d", ErrInput, n, MaxCount)
	case dim > MaxDim:
		return fmtlite.Errorf("%w: embedding width %d, at most %d", ErrInput, dim, MaxDim)
	case len(emb) != n*dim:
		return fmtlite.Errorf("%w: %d embedding floats for %d candidates of width %d", ErrInput, len(emb), n, dim)
	case len(b) != InputSize(n, dim, len(h.Config)):
		return fmtlite.Errorf("%w: buffer of %d bytes, input needs %d", ErrInput, len(b), InputSize(n, dim, len(h.Config)))
	}
	recOff := HeaderSize
	embOff := recOff + n*RecordSize
	cfgOff := embOff + n*dim*4
	putHeader(b, h, uint32(n), uint32(recOff), uint32(embOff), uint32(cfgOff))
	for i := range recs {
		putRecord(b[recOff+i*RecordSize:], &recs[i])
	}
	for i, f := range emb {
		le.PutUint32(b[embOff+4*i:], math.Float32bits(f))
	}
	copy(b[cfgOff:], h.Config)
	return nil
}

func putHeader(b []byte, h Header, n, recOff, embOff, cfgOff uint32) {
	clear(b[:HeaderSize])
	le.PutUint32(b[offMagic:], Magic)
	le.PutUint16(b[offVersion:], Version)
	le.PutUint16(b[offHeaderSize:], HeaderSize)
	le.PutUint32(b[offRecordSize:], RecordSize)
	le.PutUint32(b[offCount:], n)
	le.PutUint32(b[offK:], h.K)
	le.PutUint32(b[offDim:], h.Dim)
	le.PutUint64(b[offNow:], uint64(h.Now))
	le.PutUint64(b[offUserHash:], h.UserHash)
	le.PutUint32(b[offRecords:], recOff)
	if h.Dim > 0 {
		le.PutUint32(b[offEmbeddings:], embOff)
	}
	le.PutUint32(b[offConfig:], cfgOff)
	le.PutUint32(b[offConfigLen:], uint32(len(h.Config)))
}

func putRecord(b []byte, r *Record) {
	b = b[:RecordSize]
	le.PutUint32(b[recIndex:], uint32(r.Index))
	le.PutUint32(b[recScore:], math.Float32bits(r.Score))
	le.PutUint64(b[recIDHash:], r.IDHash)
	le.PutUint64(b[recCreatedAt:], uint64(r.CreatedAt))
	le.PutUint64(b[recCategory:], r.CategoryHash)
	for j, a := range r.Attrs {
		le.PutUint32(b[recAttrs+4*j:], math.Float32bits(a))
	}
}
