package strictjson

import (
	"unicode/utf16"
	"unicode/utf8"
)

// reader reads JSON from b, advancing i; it never reads past len(b).
type reader struct {
	b     []byte
	i     int
	depth int // arrays and objects open around the reader
}

func (r *reader) syntax(msg string) error { return &SyntaxError{Msg: msg, Offset: int64(r.i)} }

func (r *reader) ws() {
	for r.i < len(r.b) {
		switch r.b[r.i] {
		case ' ', '\t', '\n', '\r':
			r.i++
		default:
			return
		}
	}
}

// peek skips white space and returns the next byte, or 0 at the end.
func (r *reader) peek() byte {
	r.ws()
	if r.i == len(r.b) {
		return 0
	}
	return r.b[r.i]
}

// literal reads s (true, false, null) at the reader.
func (r *reader) literal(s string) error {
	if len(r.b)-r.i >= len(s) && string(r.b[r.i:r.i+len(s)]) == s {
		r.i += len(s)
		return nil
	}
	return r.syntax("invalid literal")
}

// open enters an array or object (the reader at its bracket).
func (r *reader) open() error {
	if r.depth >= maxDepth {
		return r.syntax("nested too deep")
	}
	r.depth++
	r.i++
	return nil
}

// next reads the separator after an element: true for ',' (another follows), false for the closing
// bracket c.
func (r *reader) next(c byte) (bool, error) {
	switch r.peek() {
	case ',':
		r.i++
		return true, nil
	case c:
		r.i++
		r.depth--
		return false, nil
	}
	return false, r.syntax("want ',' or '" + string(c) + "'")
}

// key reads an object key and its colon (the reader after '{' or ',').
func (r *reader) key() (string, error) {
	if r.peek() != '"' {
		return "", r.syntax("want a string key")
	}
	k, err := r.str()
	if err != nil {
		return "", err
	}
	if r.peek() != ':' {
		return "", r.syntax("want ':'")
	}
	r.i++
	return k, nil
}

// str reads a JSON string (the reader at its opening quote).
func (r *reader) str() (string, error) {
	r.i++
	start := r.i
	for r.i < len(r.b) && r.b[r.i] != '"' && r.b[r.i] != '\\' && r.b[r.i] >= 0x20 && r.b[r.i] < utf8.RuneSelf {
		r.i++
	}
	if r.i < len(r.b) && r.b[r.i] == '"' { // the common case: plain ASCII
		r.i++
		return string(r.b[start : r.i-1]), nil
	}
	buf := append([]byte(nil), r.b[start:r.i]...)
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			r.i++
			return string(buf), nil
		case c < 0x20:
			return "", r.syntax("control character in string")
		case c >= utf8.RuneSelf:
			ru, n := utf8.DecodeRune(r.b[r.i:])
			buf = utf8.AppendRune(buf, ru) // an invalid byte becomes U+FFFD, as in encoding/json
			r.i += n
		case c != '\\':
			buf = append(buf, c)
			r.i++
		default:
			var err error
			if buf, err = r.escape(buf); err != nil {
				return "", err
			}
		}
	}
	return "", r.syntax("unterminated string")
}

// escape appends the escape sequence at the reader (at its backslash) to buf.
func (r *reader) escape(buf []byte) ([]byte, error) {
	if r.i+1 >= len(r.b) {
		return nil, r.syntax("unterminated string")
	}
	e := r.b[r.i+1]
	r.i += 2
	switch e {
	case '"', '\\', '/':
		return append(buf, e), nil
	case 'b':
		return append(buf, '\b'), nil
	case 'f':
		return append(buf, '\f'), nil
	case 'n':
		return append(buf, '\n'), nil
	case 'r':
		return append(buf, '\r'), nil
	case 't':
		return append(buf, '\t'), nil
	case 'u':
		ru, ok := r.hex4()
		if !ok {
			return nil, r.syntax("invalid \\u escape")
		}
		if utf16.IsSurrogate(ru) {
			// A valid pair makes one rune; a lone surrogate becomes U+FFFD and whatever followed it is
			// read on its own (as encoding/json does).
			save := r.i
			if len(r.b)-r.i >= 2 && r.b[r.i] == '\\' && r.b[r.i+1] == 'u' {
				r.i += 2
				if r2, ok := r.hex4(); ok {
					if d := utf16.DecodeRune(ru, r2); d != utf8.RuneError {
						return utf8.AppendRune(buf, d), nil
					}
				}
			}
			r.i, ru = save, utf8.RuneError
		}
		return utf8.AppendRune(buf, ru), nil
	}
	return nil, r.syntax("invalid escape")
}

// hex4 reads four hex digits.
func (r *reader) hex4() (rune, bool) {
	if len(r.b)-r.i < 4 {
		return 0, false
	}
	var v rune
	for _, c := range r.b[r.i : r.i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		v = v<<4 | rune(c)
	}
	r.i += 4
	return v, true
}

// number reads a JSON number (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?) and returns its text.
func (r *reader) number() ([]byte, error) {
	start := r.i
	if r.i < len(r.b) && r.b[r.i] == '-' {
		r.i++
	}
	switch {
	case r.i < len(r.b) && r.b[r.i] == '0':
		r.i++
	case r.digits() == 0:
		return nil, r.syntax("invalid number")
	}
	if r.i < len(r.b) && r.b[r.i] == '.' {
		r.i++
		if r.digits() == 0 {
			return nil, r.syntax("invalid number")
		}
	}
	if r.i < len(r.b) && (r.b[r.i] == 'e' || r.b[r.i] == 'E') {
		r.i++
		if r.i < len(r.b) && (r.b[r.i] == '+' || r.b[r.i] == '-') {
			r.i++
		}
		if r.digits() == 0 {
			return nil, r.syntax("invalid number")
		}
	}
	return r.b[start:r.i], nil
}

func (r *reader) digits() int {
	n := 0
	for r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
		r.i++
		n++
	}
	return n
}

// skip reads any JSON value and returns its bytes.
func (r *reader) skip() ([]byte, error) {
	c := r.peek()
	start := r.i
	var err error
	switch {
	case c == '"':
		_, err = r.str()
	case c == '{' || c == '[':
		err = r.skipContainer(c)
	case c == '-' || (c >= '0' && c <= '9'):
		_, err = r.number()
	case c == 't':
		err = r.literal("true")
	case c == 'f':
		err = r.literal("false")
	case c == 'n':
		err = r.literal("null")
	default:
		err = r.syntax("want a value")
	}
	if err != nil {
		return nil, err
	}
	return r.b[start:r.i], nil
}

// skipContainer reads an array or object (the reader at its bracket c).
func (r *reader) skipContainer(c byte) error {
	end := byte(']')
	if c == '{' {
		end = '}'
	}
	if err := r.open(); err != nil {
		return err
	}
	if r.peek() == end {
		r.i++
		r.depth--
		return nil
	}
	for more := true; more; {
		if end == '}' {
			if _, err := r.key(); err != nil {
				return err
			}
		}
		if _, err := r.skip(); err != nil {
			return err
		}
		var err error
		if more, err = r.next(end); err != nil {
			return err
		}
	}
	return nil
}
