package ann

import "errors"

// Errors returned when the inputs of Build, New, Exact or WithVectors are inconsistent.
var (
	// ErrVectors reports a Vectors value whose slices do not match its N, Dim and Storage.
	ErrVectors = errors.New("ann: invalid vectors")
	// ErrMetric reports a Metric outside InnerProduct, Cosine and L2.
	ErrMetric = errors.New("ann: unknown metric")
)

// Errors returned by LoadGraph for serialized graphs that cannot be used.
var (
	// ErrGraphFormat reports graph bytes that are truncated, of an unknown version or inconsistent
	// (an id out of range, a degree above the stride, a level that does not match the entry point).
	ErrGraphFormat = errors.New("ann: invalid graph")
	// ErrGraphMismatch reports a graph built for a different number of vectors than the ones given.
	ErrGraphMismatch = errors.New("ann: graph does not match vectors")

	errTruncatedLinks = errors.New("link data ends early")
)

// Errors returned by Search for requests that cannot be answered.
var (
	// ErrQuery reports a query whose length differs from the index dimension.
	ErrQuery = errors.New("ann: query dimension mismatch")
	// ErrOptions reports SearchOptions that cannot apply (a negative count, Fine of another shape).
	ErrOptions = errors.New("ann: invalid search options")
)
