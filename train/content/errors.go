package content

import "errors"

// Errors wrapped by the errors this package returns; test with errors.Is.
var (
	// ErrInput: the corpus or the export input is inconsistent (ids and documents of different lengths,
	// duplicate ids, item indices out of range).
	ErrInput = errors.New("content: bad input")
	// ErrFormat: an item text file is malformed (no header, no item column, an unknown column named).
	ErrFormat = errors.New("content: bad item file")
	// ErrEmpty: no term is left after tokenizing and the document-frequency limits.
	ErrEmpty = errors.New("content: empty vocabulary")
)
