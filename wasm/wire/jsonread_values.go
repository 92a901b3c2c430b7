package wire

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/corerec/corerec/internal/fmtlite"
)

// str reads a JSON string (the reader at its opening quote).
func (p *jsonReader) str() (string, error) {
	p.i++ // "
	start := p.i
	for p.i < len(p.b) && p.b[p.i] != '"' && p.b[p.i] != '\\' && p.b[p.i] >= 0x20 {
		p.i++
	}
	if p.i < len(p.b) && p.b[p.i] == '"' && utf8.Valid(p.b[start:p.i]) { // the common case
		p.i++
		return string(p.b[start : p.i-1]), nil
	}
	buf := []byte(nil)
	p.i = start
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			return string(buf), nil
		case c < 0x20:
			return "", p.syntax()
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRune(p.b[p.i:])
			buf = utf8.AppendRune(buf, r) // an invalid byte becomes U+FFFD, as in encoding/json
			p.i += n
			continue
		case c != '\\':
			buf = append(buf, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.b) {
			return "", p.syntax()
		}
		e := p.b[p.i+1]
		p.i += 2
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", p.syntax()
			}
			if utf16.IsSurrogate(r) {
				// A valid pair makes one rune; a lone surrogate becomes U+FFFD and whatever followed
				// it is read on its own (as encoding/json does).
				save := p.i
				if p.literal(`\u`) {
					if r2, ok := p.hex4(); ok {
						if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
							buf = utf8.AppendRune(buf, d)
							continue
						}
					}
				}
				p.i, r = save, utf8.RuneError
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return "", p.syntax()
		}
	}
	return "", p.syntax()
}

func (p *jsonReader) hex4() (rune, bool) {
	if len(p.b)-p.i < 4 {
		return 0, false
	}
	v, err := strconv.ParseUint(string(p.b[p.i:p.i+4]), 16, 16)
	p.i += 4
	return rune(v), err == nil
}

// num reads a JSON number.
func (p *jsonReader) num() (float64, bool) {
	start := p.i
	for p.i < len(p.b) {
		c := p.b[p.i]
		if (c < '0' || c > '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E' {
			break
		}
		p.i++
	}
	f, err := strconv.ParseFloat(string(p.b[start:p.i]), 64)
	return f, err == nil && p.i > start && p.b[start] != '+' && p.b[start] != '.'
}

func (p *jsonReader) strOrNull(field string) (string, error) {
	switch p.peek() {
	case '"':
		return p.str()
	case 'n':
		if p.literal("null") {
			return "", nil
		}
	}
	return "", fmtlite.Errorf("corerec: %s must be a string", field)
}

func (p *jsonReader) numOrNull(field string) (float64, error) {
	if c := p.peek(); c == '-' || (c >= '0' && c <= '9') {
		if f, ok := p.num(); ok {
			return f, nil
		}
		return 0, p.syntax()
	}
	if p.literal("null") {
		return 0, nil
	}
	return 0, fmtlite.Errorf("corerec: %s must be a number", field)
}

func (p *jsonReader) boolOrNull(field string) (bool, error) {
	p.ws()
	switch {
	case p.literal("true"):
		return true, nil
	case p.literal("false"), p.literal("null"):
		return false, nil
	}
	return false, fmtlite.Errorf("corerec: %s must be a boolean", field)
}

// strs reads null or an array of strings.
func (p *jsonReader) strs(field string) ([]string, error) {
	bad := fmtlite.Errorf("corerec: %s must be an array of strings", field)
	switch p.peek() {
	case 'n':
		if p.literal("null") {
			return nil, nil
		}
		return nil, bad
	case '[':
		p.i++
	default:
		return nil, bad
	}
	out := []string{}
	if p.peek() == ']' {
		p.i++
		return out, nil
	}
	for {
		if p.peek() != '"' {
			return nil, fmtlite.Errorf("corerec: %s[%d] is not a string", field, len(out))
		}
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		switch p.peek() {
		case ',':
			p.i++
		case ']':
			p.i++
			return out, nil
		default:
			return nil, p.syntax()
		}
	}
}

// skip reads any JSON value.
func (p *jsonReader) skip(depth int) error {
	if depth > maxJSONDepth {
		return fmtlite.Errorf("%w: nested deeper than %d", errJSON, maxJSONDepth)
	}
	switch c := p.peek(); {
	case c == '"':
		_, err := p.str()
		return err
	case c == '{':
		return p.object(func(string) error { return p.skip(depth + 1) })
	case c == '[':
		p.i++
		if p.peek() == ']' {
			p.i++
			return nil
		}
		for {
			if err := p.skip(depth + 1); err != nil {
				return err
			}
			switch p.peek() {
			case ',':
				p.i++
			case ']':
				p.i++
				return nil
			default:
				return p.syntax()
			}
		}
	case c == '-' || (c >= '0' && c <= '9'):
		if _, ok := p.num(); !ok {
			return p.syntax()
		}
		return nil
	case p.literal("true"), p.literal("false"), p.literal("null"):
		return nil
	}
	return p.syntax()
}
