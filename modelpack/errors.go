package modelpack

import (
	"errors"
	"strings"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Errors returned while opening a bundle. They arrive wrapped in a *FormatError
// that names the section and the file offset; test for them with errors.Is.
var (
	// ErrBadMagic: the file does not start with "CRECPACK".
	ErrBadMagic = errors.New("modelpack: bad magic (not a CoreRec bundle)")
	// ErrVersion: the file's major format version is not FormatMajor.
	ErrVersion = errors.New("modelpack: unsupported format version")
	// ErrTruncated: the file ends before a structure it declares.
	ErrTruncated = errors.New("modelpack: truncated")
	// ErrChecksum: a CRC32C does not match the bytes it covers.
	ErrChecksum = errors.New("modelpack: checksum mismatch")
	// ErrCorrupt: a structural rule of FORMAT.md is broken (bad header,
	// overlapping or misaligned sections, non-zero padding, bad offsets, ...).
	ErrCorrupt = errors.New("modelpack: corrupt")
	// ErrUnsupported: a section marked required has a kind or dtype this
	// reader does not know (written by a newer minor version).
	ErrUnsupported = errors.New("modelpack: unsupported required section")
)

// Errors returned by the accessors of an open Bundle.
var (
	// ErrNotFound: no section (or composite object) has that name.
	ErrNotFound = errors.New("modelpack: not found")
	// ErrDType: the section exists but holds another element type.
	ErrDType = errors.New("modelpack: wrong dtype")
	// ErrClosed: the Bundle was closed.
	ErrClosed = errors.New("modelpack: bundle closed")
)

// Errors returned by the Builder and by Quantize.
var (
	// ErrInvalid: an argument breaks a rule (duplicate name, shape that does
	// not match the data, matrix with no or two payloads, ...).
	ErrInvalid = errors.New("modelpack: invalid argument")
	// ErrRange: a value cannot be represented (NaN or Inf before int8
	// quantization, |x| > 65504 before f16, a limit of FORMAT.md exceeded).
	ErrRange = errors.New("modelpack: value out of range")
)

// FormatError reports where a bundle breaks the format. Section is empty
// for problems in the preamble or header; Offset is the absolute file
// offset of the offending structure. Err wraps one of the sentinels above.
type FormatError struct {
	Section string
	Offset  int64
	Err     error
}

func (e *FormatError) Error() string {
	msg := strings.TrimPrefix(e.Err.Error(), "modelpack: ")
	if e.Section == "" {
		return fmtlite.Sprintf("modelpack: at offset %d: %s", e.Offset, msg)
	}
	return fmtlite.Sprintf("modelpack: section %q at offset %d: %s", e.Section, e.Offset, msg)
}

// Unwrap returns the wrapped sentinel (or detailed error wrapping it).
func (e *FormatError) Unwrap() error { return e.Err }

// formatErr builds a *FormatError whose Err wraps sentinel with a detail.
func formatErr(section string, off int64, sentinel error, format string, args ...any) error {
	err := sentinel
	if format != "" {
		err = fmtlite.Errorf("%w: %s", sentinel, fmtlite.Sprintf(format, args...))
	}
	return &FormatError{Section: section, Offset: off, Err: err}
}

// errorf wraps sentinel with a formatted detail: "modelpack: <sentinel>: <detail>".
func errorf(sentinel error, format string, args ...any) error {
	return fmtlite.Errorf("%w: %s", sentinel, fmtlite.Sprintf(format, args...))
}
