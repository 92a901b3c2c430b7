package sign

import "errors"

var (
	// ErrSignature: the signature does not verify against the public key (the bundle or the signature was
	// changed, or another key signed it).
	ErrSignature = errors.New("sign: signature does not verify")
	// ErrFormat: a key or signature file is not in a format this package reads.
	ErrFormat = errors.New("sign: unrecognised key or signature format")
)
