package modelpack

import (
	"encoding/binary"
	"io"
	"os"
	"path/filepath"

	"github.com/corerec/corerec/internal/fmtlite"
)

// layout assigns offsets and returns the header bytes and the file size.
func (b *Builder) layout() ([]SectionInfo, []byte, int64, error) {
	if err := b.manifest.validate(); err != nil {
		return nil, nil, 0, err
	}
	secs := make([]SectionInfo, len(b.secs))
	for i := range b.secs {
		secs[i] = b.secs[i].info
	}
	// Offsets are encoded fixed-width, so this first pass gives the length.
	hdr := encodeHeader(b.manifest, secs)
	if len(hdr) > MaxHeaderLen {
		return nil, nil, 0, errorf(ErrRange, "header of %d bytes exceeds %d", len(hdr), MaxHeaderLen)
	}
	end := int64(PreambleLen + len(hdr) + 4)
	next := alignUp(end)
	for i := range secs {
		secs[i].Offset = next
		end = next + secs[i].Length
		next = alignUp(end)
		if secs[i].Length == 0 {
			next += Align // offsets strictly increase
		}
	}
	if int64(len(secs)-1)*sectionCost > end {
		return nil, nil, 0, errorf(ErrRange, "%d sections in %d bytes", len(secs), end)
	}
	return secs, encodeHeader(b.manifest, secs), end, nil
}

// WriteTo writes the bundle to w and returns the number of bytes written.
func (b *Builder) WriteTo(w io.Writer) (int64, error) {
	secs, hdr, _, err := b.layout()
	if err != nil {
		return 0, err
	}
	pre := make([]byte, PreambleLen, PreambleLen+len(hdr)+4)
	copy(pre, Magic)
	binary.LittleEndian.PutUint16(pre[8:], FormatMajor)
	binary.LittleEndian.PutUint16(pre[10:], minorFor(secs))
	binary.LittleEndian.PutUint32(pre[12:], uint32(len(hdr)))
	pre = append(pre, hdr...)
	pre = binary.LittleEndian.AppendUint32(pre, crc32c(pre))
	cw := &countWriter{w: w}
	cw.write(pre)
	var zero [Align]byte
	for i := range secs {
		if cw.err != nil {
			break
		}
		cw.write(zero[:secs[i].Offset-cw.n]) // gaps are < Align, or = Align after an empty section
		cw.write(b.secs[i].data)
	}
	return cw.n, cw.err
}

// countWriter counts bytes and keeps the first error.
type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) write(p []byte) {
	if c.err != nil || len(p) == 0 {
		return
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
}

// WriteFile writes the bundle to path atomically: a temporary file in the
// same directory, synced, then renamed over path.
func (b *Builder) WriteFile(path string) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmtlite.Errorf("modelpack: write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if _, err = b.WriteTo(f); err != nil {
		return fmtlite.Errorf("modelpack: write %s: %w", path, err)
	}
	_ = f.Chmod(0o644) // best effort: CreateTemp makes 0600; wasip1 has no chmod
	if err = firstErr(f.Sync(), f.Close()); err != nil {
		return fmtlite.Errorf("modelpack: write %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmtlite.Errorf("modelpack: write %s: %w", path, err)
	}
	return nil
}
