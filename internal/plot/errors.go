package plot

import "errors"

// Errors returned by [Chart.Image] and [Chart.PNG].
var (
	// ErrSize means the requested image is smaller than MinWidth×MinHeight,
	// or larger than MaxSide on a side.
	ErrSize = errors.New("plot: image size out of range")
	// ErrSeriesLength means a series has different numbers of X and Y values.
	ErrSeriesLength = errors.New("plot: series X and Y lengths differ")
)
