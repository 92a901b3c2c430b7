package importer

import "errors"

// Errors wrapped by the errors this package returns; test with errors.Is.
var (
	// ErrNPY: a .npy file is malformed or holds something other than a float32/float64 array.
	ErrNPY = errors.New("importer: bad .npy file")
	// ErrTower: a safetensors tower file is malformed or does not describe a dense tower.
	ErrTower = errors.New("importer: bad tower file")
	// ErrInput: the inputs do not fit together (row and id counts, dimensions, duplicate ids).
	ErrInput = errors.New("importer: bad input")
)
