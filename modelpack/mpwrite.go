package modelpack

import (
	"encoding/binary"
	"math"
	"time"
)

// mpWriter appends the msgpack subset the header uses: the twin of mpReader.
//
// Why not msgpack.Encoder: importing github.com/vmihailenco/msgpack/v5 links
// its package-level state (type registries, pools, `log`, much of `reflect`)
// into every binary that imports modelpack, even one that never writes a
// bundle; in the browser runtime that was 0.3 MB of 2.5 MB of code. The
// header needs nine msgpack forms, written here byte for byte as
// msgpack/v5's Encoder with compact ints writes them (a differential test,
// TestWriterMatchesMsgpack, holds the two together), so files are unchanged.
type mpWriter struct{ b []byte }

func (w *mpWriter) nilv() { w.b = append(w.b, 0xc0) }

// length writes a container or string length: the fixed form below fix,
// else the 8-bit (when code8 ≠ 0), 16-bit or 32-bit form.
func (w *mpWriter) length(n int, fixLow byte, fix int, code8, code16, code32 byte) {
	switch {
	case n < fix:
		w.b = append(w.b, fixLow|byte(n))
	case code8 != 0 && n <= math.MaxUint8:
		w.b = append(w.b, code8, byte(n))
	case n <= math.MaxUint16:
		w.b = binary.BigEndian.AppendUint16(append(w.b, code16), uint16(n))
	default:
		w.b = binary.BigEndian.AppendUint32(append(w.b, code32), uint32(n))
	}
}

func (w *mpWriter) mapLen(n int)   { w.length(n, 0x80, 16, 0, 0xde, 0xdf) }
func (w *mpWriter) arrayLen(n int) { w.length(n, 0x90, 16, 0, 0xdc, 0xdd) }

// str writes s. Not inlined: the header encoders call it thirty times, once per file.
//
//go:noinline
func (w *mpWriter) str(s string) {
	w.length(len(s), 0xa0, 32, 0xd9, 0xda, 0xdb)
	w.b = append(w.b, s...)
}

// uint writes n in the shortest unsigned form.
func (w *mpWriter) uint(n uint64) {
	switch {
	case n <= math.MaxInt8:
		w.b = append(w.b, byte(n))
	case n <= math.MaxUint8:
		w.b = append(w.b, 0xcc, byte(n))
	case n <= math.MaxUint16:
		w.b = binary.BigEndian.AppendUint16(append(w.b, 0xcd), uint16(n))
	case n <= math.MaxUint32:
		w.b = binary.BigEndian.AppendUint32(append(w.b, 0xce), uint32(n))
	default:
		w.uint64(n)
	}
}

// uint64 writes n in the fixed 9-byte form (header offsets, so the header
// length does not depend on their values).
func (w *mpWriter) uint64(n uint64) { w.b = binary.BigEndian.AppendUint64(append(w.b, 0xcf), n) }

// int writes n in the shortest form (unsigned when n ≥ 0).
func (w *mpWriter) int(n int64) {
	switch {
	case n >= 0:
		w.uint(uint64(n))
	case n >= -32:
		w.b = append(w.b, byte(n))
	case n >= math.MinInt8:
		w.b = append(w.b, 0xd0, byte(n))
	case n >= math.MinInt16:
		w.b = binary.BigEndian.AppendUint16(append(w.b, 0xd1), uint16(n))
	case n >= math.MinInt32:
		w.b = binary.BigEndian.AppendUint32(append(w.b, 0xd2), uint32(n))
	default:
		w.b = binary.BigEndian.AppendUint64(append(w.b, 0xd3), uint64(n))
	}
}

func (w *mpWriter) float64(f float64) {
	w.b = binary.BigEndian.AppendUint64(append(w.b, 0xcb), math.Float64bits(f))
}

// time writes the timestamp extension (type -1) in its 4-, 8- or 12-byte form.
func (w *mpWriter) time(t time.Time) {
	secs, nsec := uint64(t.Unix()), uint64(t.Nanosecond())
	switch data := nsec<<34 | secs; {
	case secs>>34 == 0 && data>>32 == 0:
		w.b = binary.BigEndian.AppendUint32(append(w.b, 0xd6, 0xff), uint32(data))
	case secs>>34 == 0:
		w.b = binary.BigEndian.AppendUint64(append(w.b, 0xd7, 0xff), data)
	default:
		w.b = binary.BigEndian.AppendUint32(append(w.b, 0xc7, 12, 0xff), uint32(nsec))
		w.b = binary.BigEndian.AppendUint64(w.b, secs)
	}
}
