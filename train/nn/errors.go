package nn

import "errors"

// Errors found in data while recording a step. A Tape keeps the first one (see Tape.Err) and
// Tape.Backward returns it; the ops that met it still produce outputs of the right shape, so a
// forward pass never panics on bad data.
var (
	// ErrIndex: an id or target is outside its table or class range.
	ErrIndex = errors.New("nn: index out of range")
	// ErrNotFinite: a loss came out NaN or infinite.
	ErrNotFinite = errors.New("nn: non-finite value")
)

// Errors from building a model or a sampler.
var (
	// ErrDuplicateParam: a parameter name is already registered.
	ErrDuplicateParam = errors.New("nn: duplicate parameter name")
	// ErrBadWeights: sampler weights are empty, negative, or sum to zero.
	ErrBadWeights = errors.New("nn: bad sampler weights")
)
