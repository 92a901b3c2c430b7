//go:build linux || darwin

package modelpack

import (
	"fmt"
	"math"
	"os"
	"syscall"
)

// Open maps the file at path read-only and opens it in place: opening
// costs the header, the checks and (unless SkipVerify) one CRC pass, and
// no copy of the payloads. Close unmaps it. The file must not be truncated
// or rewritten in place while mapped (WriteFile replaces files by rename,
// which is safe).
func Open(path string, opt Options) (*Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("modelpack: open: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("modelpack: open: %w", err)
	}
	size := st.Size()
	if size < PreambleLen {
		return nil, formatErr("", 0, ErrTruncated, "%d bytes, preamble needs %d", size, PreambleLen)
	}
	if uint64(size) > math.MaxInt {
		return nil, fmt.Errorf("modelpack: open %s: %d bytes do not fit in memory: %w", path, size, ErrRange)
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("modelpack: mmap %s: %w", path, err)
	}
	return openData(data, func() error { return syscall.Munmap(data) }, opt)
}
