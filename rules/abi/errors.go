package abi

import "errors"

// Errors of the ABI decoders. Wrapped errors name the offending value; test with errors.Is.
var (
	// ErrInput: an input block is malformed (wrong magic, version, sizes that do not fit).
	ErrInput = errors.New("abi: bad input")
	// ErrOutput: a plugin's output breaks the contract (position out of range or repeated, more entries
	// than candidates, a non-finite score, unknown flag bits, a block that does not fit).
	ErrOutput = errors.New("abi: bad output")
	// ErrManifest: the plugin's corerec.manifest custom section is malformed or asks for something unknown.
	ErrManifest = errors.New("abi: bad manifest")
)
