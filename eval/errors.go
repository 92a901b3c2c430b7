package eval

import "errors"

// Errors returned by Evaluate and FromLists; test with errors.Is.
var (
	// ErrInvalidCase is wrapped by the error about a case with no targets or
	// an item out of range.
	ErrInvalidCase = errors.New("invalid case")
	// ErrEmptyCatalog is returned for a Scorer with no items.
	ErrEmptyCatalog = errors.New("scorer has no items")
)
