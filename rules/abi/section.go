package abi

import (
	"bytes"
	"fmt"
)

var wasmHeader = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

// WithManifest returns a copy of the WebAssembly module wasm with m appended as a corerec.manifest custom
// section. It is how a toolchain that cannot emit custom sections (Go, AssemblyScript) gets a manifest into
// a plugin; an existing manifest section is not removed (the host refuses a module with two).
func WithManifest(wasm []byte, m Manifest) ([]byte, error) {
	if !bytes.HasPrefix(wasm, wasmHeader) {
		return nil, fmt.Errorf("%w: not a WebAssembly 1.0 module", ErrManifest)
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	js := m.Encode()
	if len(js) > MaxManifestSize {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrManifest, len(js), MaxManifestSize)
	}
	payload := append(appendName(nil, ManifestSection), js...)
	out := append([]byte(nil), wasm...)
	out = append(out, 0) // custom section id
	out = appendULEB(out, uint64(len(payload)))
	return append(out, payload...), nil
}

func appendName(dst []byte, s string) []byte {
	dst = appendULEB(dst, uint64(len(s)))
	return append(dst, s...)
}

func appendULEB(dst []byte, v uint64) []byte {
	for {
		b := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(dst, b)
		}
		dst = append(dst, b|0x80)
	}
}
