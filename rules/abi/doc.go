// Package abi is the byte layout between CoreRec and a reranking plugin: version 1 of the contract that
// rules/ABI.md specifies. It encodes the input a host writes into a plugin's memory, decodes and checks the
// output a plugin returns, reads the optional manifest a plugin carries in a custom section, and hashes ids
// the way plugins compare them (FNV-1a 64).
//
// The package is pure Go with no dependencies beyond the standard library, so every host of plugins can use
// it: the wazero host in rules/plugin, and the browser build that runs plugins on the browser's own
// WebAssembly engine.
//
// # Basics
//
// A host builds one input per call and reuses the buffer:
//
//	buf, err = abi.AppendInput(buf[:0], abi.Header{K: 10, Now: now}, records, nil)
//
// and decodes the plugin's answer, which the decoder checks completely (positions in range, no repeats,
// finite scores, no unknown flag bits) before anything reads it:
//
//	count, flags, err := abi.ParseOutputHeader(head)  // the first OutputHeaderSize bytes
//	err = out.Decode(body, n)                         // the first abi.OutputSize(count, flags) bytes
//
// # Caveats
//
// Everything a plugin returns is untrusted: decoders never allocate a length read from the bytes beyond
// the number of candidates the host sent, and report problems as errors wrapping ErrOutput or ErrManifest.
//
// # Concurrency
//
// Functions are safe for concurrent use. An Output is a reusable buffer: one goroutine at a time.
package abi
