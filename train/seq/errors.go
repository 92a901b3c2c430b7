package seq

import "errors"

// ErrCheckpoint reports a checkpoint file that cannot be resumed from: not a checkpoint, damaged, or made
// for a model of another shape.
var ErrCheckpoint = errors.New("seq: checkpoint")
