package meter

import "errors"

// Errors of Parse and Instrument. Wrapped errors say where; test with errors.Is.
var (
	// ErrMalformed: the bytes are not a WebAssembly module this decoder can read (truncated, bad LEB128,
	// unknown section or opcode, counts that do not fit).
	ErrMalformed = errors.New("meter: malformed module")
	// ErrUnsupported: the module uses a feature plugins may not use (threads, tail calls, exceptions,
	// GC types, memory64, shared memory) or the name reserved for the fuel global.
	ErrUnsupported = errors.New("meter: unsupported feature")
	// ErrLimits: the module needs more than Options allow (a memory starting above MemoryPages).
	ErrLimits = errors.New("meter: over the limits")
)
