package lightgcn

import "errors"

// Errors returned by NewAdjacency and Train for data that cannot be trained on.
var (
	// ErrBadInput: the interactions do not fit the declared numbers of users and items.
	ErrBadInput = errors.New("lightgcn: bad input")
	// ErrNoInteractions: there is nothing to train on.
	ErrNoInteractions = errors.New("lightgcn: no training interactions")
)

// ErrCheckpoint reports a checkpoint file that cannot be resumed from: not a checkpoint, damaged, or made
// for another graph or model shape.
var ErrCheckpoint = errors.New("lightgcn: checkpoint")
