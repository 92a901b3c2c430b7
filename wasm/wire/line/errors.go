package line

import "errors"

var (
	// ErrBadRequest is a request line that is not valid JSON or names an unknown op.
	ErrBadRequest = errors.New("line: bad request")
)
