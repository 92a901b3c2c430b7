package runtime

import (
	"errors"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Errors returned for a request the engine cannot answer. Wrapped errors name the offending value; test with
// errors.Is.
var (
	// ErrUnknownUser: the request names a user the bundle does not know, gave no usable history, and
	// Options.UnknownUser is RejectUnknown.
	ErrUnknownUser = errors.New("runtime: unknown user")
	// ErrUnknownItem: Similar was asked about an item the bundle does not know.
	ErrUnknownItem = errors.New("runtime: unknown item")
	// ErrBadRequest: the request is malformed (negative K, K over the limit, both user and history missing).
	ErrBadRequest = errors.New("runtime: bad request")
	// ErrBundle: the bundle opened but lacks what this engine needs, or its sections disagree.
	ErrBundle = errors.New("runtime: unusable bundle")
	// ErrClosed: the engine was closed.
	ErrClosed = errors.New("runtime: engine closed")
)

// bundleError wraps err (from modelpack) in ErrBundle. Not inlined: a load-time error with many call sites.
//
//go:noinline
func bundleError(err error) error { return fmtlite.Errorf("%w: %w", ErrBundle, err) }
