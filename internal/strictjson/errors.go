package strictjson

import (
	"errors"

	"github.com/corerec/corerec/internal/fmtlite"
)

// SyntaxError is malformed JSON: Offset is the byte where reading stopped.
type SyntaxError struct {
	Msg    string
	Offset int64
}

func (e *SyntaxError) Error() string {
	return fmtlite.Sprintf("strictjson: %s at byte %d", e.Msg, e.Offset)
}

// maxDepth is encoding/json's nesting limit (its scanner's maxNestingDepth).
const maxDepth = 10000

// ErrTimestamp is a timestamp Decoder.Time does not read (see there).
var ErrTimestamp = errors.New("want an RFC 3339 timestamp like \"2024-05-01T12:00:00Z\"")
