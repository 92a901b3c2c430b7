package rerank

import "errors"

// Errors of Run. A plugin logs them and reports failure to the host.
var (
	// ErrInput: the input does not follow the ABI (a host bug, not the rule's).
	ErrInput = errors.New("rerank: malformed input")
	// ErrNoRule: no rule was registered.
	ErrNoRule = errors.New("rerank: no rule registered (call rerank.Register from init)")
	// ErrTooMany: the rule kept more entries than it was given candidates.
	ErrTooMany = errors.New("rerank: more entries than candidates")
)
