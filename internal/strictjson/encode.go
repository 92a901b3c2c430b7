package strictjson

import (
	"strings"
	"unicode/utf8"
)

// AppendString appends s as a JSON string, byte for byte as encoding/json's Marshal writes it: <, > and &
// and U+2028/U+2029 escaped, control characters as \n, \r, \t, \b, \f or \u00XX, invalid UTF-8 as U+FFFD.
// The writers of JSON that must not link encoding/json (rules/abi's manifests, wasm/wire's answers) share
// it. It appends each escape at once from a small buffer: Go's WebAssembly code for each append is long,
// and the browser build carries this function.
func AppendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	var e [6]byte // the escape of the byte or rune at i: its first n bytes
	for i := 0; i < len(s); {
		c, size, n := s[i], 1, 0
		switch {
		case c >= utf8.RuneSelf:
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				e, n = [6]byte{'\\', 'u', 'f', 'f', 'f', 'd'}, 6
			} else if r == '\u2028' || r == '\u2029' {
				e, n = [6]byte{'\\', 'u', '2', '0', '2', hex[r&0xf]}, 6
			}
		case c == '"' || c == '\\':
			e[0], e[1], n = '\\', c, 2
		case c < 0x20 || c == '<' || c == '>' || c == '&':
			if k := strings.IndexByte("\n\r\t\b\f", c); k >= 0 {
				e[0], e[1], n = '\\', "nrtbf"[k], 2
			} else {
				e, n = [6]byte{'\\', 'u', '0', '0', hex[c>>4], hex[c&0xf]}, 6
			}
		}
		if n > 0 {
			dst = append(append(dst, s[start:i]...), e[:n]...)
			start = i + size
		}
		i += size
	}
	return append(append(dst, s[start:]...), '"')
}

// AppendStrings appends ss as a JSON array of strings (each written by AppendString).
func AppendStrings(dst []byte, ss []string) []byte {
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(dst, s)
	}
	return append(dst, ']')
}
