package modelpack

import (
	"encoding/binary"
	"hash/crc32"
	"io"
	"math"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Options configures Open, OpenBytes and OpenReaderAt. The zero value
// verifies everything.
type Options struct {
	// SkipVerify skips the CRC32C of every section payload and the
	// consistency check of string hash tables. Structure is still checked
	// in full (bounds, alignment, padding, header CRC, string offsets, CSR
	// indices, catalog codes), so a hostile file still cannot make a reader
	// go out of bounds; only silent payload corruption (a flipped float)
	// goes unnoticed. Default false: verify. Verifying reads every byte of
	// the file (CRC32C runs at several GB/s natively); skipping it lets an
	// mmapped bundle open without touching most of its pages.
	SkipVerify bool

	// skipHeaderCRC lets package tests and fuzzers reach the header and
	// section parsers with mutated input.
	skipHeaderCRC bool
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func crc32c(b []byte) uint32 { return crc32.Checksum(b, castagnoli) }

// OpenBytes opens a bundle held in memory. The bundle's views alias b: b
// must not be modified while the Bundle is in use. If b is not 8-byte
// aligned, or the host is big-endian, b is copied once into a buffer in
// host order.
func OpenBytes(b []byte, opt Options) (*Bundle, error) {
	return openData(b, nil, opt)
}

// OpenReaderAt reads size bytes from r into one buffer and opens them.
func OpenReaderAt(r io.ReaderAt, size int64, opt Options) (*Bundle, error) {
	if size < 0 || uint64(size) > math.MaxInt {
		return nil, fmtlite.Errorf("modelpack: open: size %d out of range: %w", size, ErrInvalid)
	}
	buf := alignedBytes(int(size))
	n, err := r.ReadAt(buf, 0)
	if n == len(buf) {
		err = nil
	}
	if err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, formatErr("", int64(n), ErrTruncated, "read %d of %d bytes", n, size)
		}
		return nil, fmtlite.Errorf("modelpack: read: %w", err)
	}
	return openData(buf, nil, opt)
}

// openData validates data and builds the Bundle. release (may be nil) is
// called if opening fails, or later by Close.
func openData(data []byte, release func() error, opt Options) (*Bundle, error) {
	b, err := parse(data, opt)
	if err != nil {
		if release != nil {
			_ = release()
		}
		return nil, err
	}
	b.release = release
	return b, nil
}

func parse(data []byte, opt Options) (*Bundle, error) {
	major, minor, hdr, err := readPreamble(data, opt)
	if err != nil {
		return nil, err
	}
	m, secs, err := decodeHeader(hdr, int64(len(data)))
	if err != nil {
		return nil, err
	}
	if err := checkLayout(data, PreambleLen+int64(len(hdr))+4, secs); err != nil {
		return nil, err
	}
	if !opt.SkipVerify {
		if err := checkCRCs(data, secs); err != nil {
			return nil, err
		}
	}
	data = hostOrder(data, secs)
	b := &Bundle{data: data, major: major, minor: minor, manifest: m, sections: secs}
	if err := b.index(opt); err != nil {
		return nil, err
	}
	return b, nil
}

// readPreamble checks magic, version, header length and header CRC, and
// returns the header bytes.
func readPreamble(data []byte, opt Options) (major, minor int, hdr []byte, err error) {
	if len(data) < PreambleLen {
		return 0, 0, nil, formatErr("", 0, ErrTruncated, "%d bytes, preamble needs %d", len(data), PreambleLen)
	}
	if string(data[:8]) != Magic {
		return 0, 0, nil, formatErr("", 0, ErrBadMagic, "")
	}
	major = int(binary.LittleEndian.Uint16(data[8:]))
	minor = int(binary.LittleEndian.Uint16(data[10:]))
	if major != FormatMajor {
		return 0, 0, nil, formatErr("", 8, ErrVersion, "file is %d.%d, reader is %d.%d", major, minor, FormatMajor, FormatMinor)
	}
	hlen := int64(binary.LittleEndian.Uint32(data[12:]))
	if hlen > MaxHeaderLen {
		return 0, 0, nil, formatErr("", 12, ErrCorrupt, "header length %d exceeds %d", hlen, MaxHeaderLen)
	}
	end := PreambleLen + hlen
	if end+4 > int64(len(data)) {
		return 0, 0, nil, formatErr("", 12, ErrTruncated, "header of %d bytes and its CRC do not fit in %d bytes", hlen, len(data))
	}
	want := binary.LittleEndian.Uint32(data[end:])
	if got := crc32c(data[:end]); got != want && !opt.skipHeaderCRC {
		return 0, 0, nil, formatErr("", end, ErrChecksum, "header: got %08x, want %08x", got, want)
	}
	return major, minor, data[PreambleLen:end], nil
}

// hostOrder returns data itself when its sections can be viewed in place,
// else a copy in an aligned buffer with every known section swapped to host
// byte order.
func hostOrder(data []byte, secs []SectionInfo) []byte {
	if hostLE && aligned8(data) {
		return data
	}
	c := alignedBytes(len(data))
	copy(c, data)
	if !hostLE {
		for i := range secs {
			s := &secs[i]
			if s.known() {
				swapInPlace(c[s.Offset:s.Offset+s.Length], s.DType.Size())
			}
		}
	}
	return c
}
