package abi

import (
	"bytes"

	"github.com/corerec/corerec/internal/fmtlite"
)

var wasmHeader = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

// WithManifest returns a copy of the WebAssembly module wasm carrying m in its corerec.manifest custom
// section, appended at the end, replacing any it had. It is how a toolchain that cannot emit custom
// sections (Go, AssemblyScript) gets a manifest into a plugin.
func WithManifest(wasm []byte, m Manifest) ([]byte, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	js := m.Encode()
	if len(js) > MaxManifestSize {
		return nil, fmtlite.Errorf("%w: %d bytes, at most %d", ErrManifest, len(js), MaxManifestSize)
	}
	out, err := withoutSection(wasm, ManifestSection)
	if err != nil {
		return nil, err
	}
	payload := append(appendName(nil, ManifestSection), js...)
	out = append(out, 0) // custom section id
	out = appendULEB(out, uint64(len(payload)))
	return append(out, payload...), nil
}

// withoutSection copies wasm without its custom sections called name.
func withoutSection(wasm []byte, name string) ([]byte, error) {
	if !bytes.HasPrefix(wasm, wasmHeader) {
		return nil, fmtlite.Errorf("%w: not a WebAssembly 1.0 module", ErrManifest)
	}
	out := append(make([]byte, 0, len(wasm)+64), wasmHeader...)
	for pos := len(wasmHeader); pos < len(wasm); {
		start := pos
		id := wasm[pos]
		size, n := uleb(wasm[pos+1:])
		if n == 0 || size > uint64(len(wasm)-pos-1-n) {
			return nil, fmtlite.Errorf("%w: malformed module: section at byte %d", ErrManifest, pos)
		}
		body := wasm[pos+1+n : pos+1+n+int(size)]
		pos += 1 + n + int(size)
		if id == 0 {
			if l, m := uleb(body); m > 0 && l <= uint64(len(body)-m) && string(body[m:m+int(l)]) == name {
				continue
			}
		}
		out = append(out, wasm[start:pos]...)
	}
	return out, nil
}

// uleb decodes an unsigned LEB128 of at most 32 bits; n = 0 means malformed.
func uleb(b []byte) (v uint64, n int) {
	for shift := 0; n < len(b) && n < 5; shift += 7 {
		c := b[n]
		n++
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, n
		}
	}
	return 0, 0
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
