package server

import "errors"

// Errors of bundle loading, grouped by where they arise. Reload errors wrap one of them; test with errors.Is.
var (
	// ErrNotModified: the source has not changed since the last fetch (not a failure; nothing is reloaded).
	ErrNotModified = errors.New("server: bundle not modified")
	// ErrFetch: the bundle (or its signature) could not be read from its source.
	ErrFetch = errors.New("server: fetch bundle")
	// ErrTooLarge: the bundle is larger than Options.MaxBundleBytes.
	ErrTooLarge = errors.New("server: bundle too large")
	// ErrRefused: the bundle was read but refused — bad signature, corrupt bytes, or a failed warm-up.
	// The bundle serving before keeps serving.
	ErrRefused = errors.New("server: bundle refused")
	// ErrClosed: the server was closed.
	ErrClosed = errors.New("server: closed")
)
