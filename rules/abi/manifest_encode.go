package abi

import (
	"strconv"
	"unicode/utf8"
)

// Encode returns the manifest as the JSON a corerec.manifest section holds: the bytes encoding/json's
// Marshal writes for it (held by a differential test), without encoding/json, which the browser build,
// which links this package to run plugins, does not carry (230 KB of code).
func (m Manifest) Encode() []byte {
	b := strconv.AppendInt(append(make([]byte, 0, 64), `{"abi":`...), int64(m.ABI), 10)
	if m.Name != "" {
		b = appendString(append(b, `,"name":`...), m.Name)
	}
	if len(m.Reads) > 0 {
		b = append(b, `,"reads":[`...)
		for i, r := range m.Reads {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, r)
		}
		b = append(b, ']')
	}
	if m.Fuel != 0 {
		b = strconv.AppendInt(append(b, `,"fuel":`...), m.Fuel, 10)
	}
	if m.InitFuel != 0 {
		b = strconv.AppendInt(append(b, `,"init_fuel":`...), m.InitFuel, 10)
	}
	if m.MemoryPages != 0 {
		b = strconv.AppendUint(append(b, `,"memory_pages":`...), uint64(m.MemoryPages), 10)
	}
	if m.WASI {
		b = append(b, `,"wasi":true`...)
	}
	return append(b, '}')
}

// appendString writes s as encoding/json does: <, > and & and U+2028/U+2029 escaped, control characters
// as \n, \r, \t, \b, \f or \u00XX, invalid UTF-8 as U+FFFD.
func appendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(append(dst, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(append(dst, s[start:i]...), `\u202`...)
			dst = append(dst, hex[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(dst, s[start:]...), '"')
}
