//go:build !linux && !darwin

package modelpack

import (
	"os"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Open reads the file at path into one aligned buffer and opens it (this
// platform has no mmap in the syscall package: wasm, windows, BSDs).
func Open(path string, opt Options) (*Bundle, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmtlite.Errorf("modelpack: open: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmtlite.Errorf("modelpack: open: %w", err)
	}
	return OpenReaderAt(f, st.Size(), opt)
}
