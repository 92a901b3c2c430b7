package twotower

import "errors"

// Errors wrapped by the errors this package returns; test with errors.Is.
var (
	// ErrFeatures: a feature file or matrix is malformed or does not fit the data (wrong row count).
	ErrFeatures = errors.New("twotower: bad features")
	// ErrInput: the training input is inconsistent (row counts, item indices out of range, no
	// interactions, a features-only tower without features).
	ErrInput = errors.New("twotower: bad input")
)
