package fmtlite

import "strconv"

// operand formats one operand under spec s.
func (p *printer) operand(x any, s spec) {
	if s.verb == 'w' {
		if err, ok := x.(error); ok && err != nil {
			p.wrapped = append(p.wrapped, err)
			p.buf = append(p.buf, err.Error()...)
			return
		}
		if x == nil {
			p.buf = append(p.buf, "%!w(<nil>)"...)
			return
		}
		p.bad('w')
		return
	}
	if p.number(x, s) {
		return
	}
	switch v := x.(type) {
	case nil:
		if s.verb != 'v' {
			p.buf = append(p.buf, '%', '!', s.verb)
			p.buf = append(p.buf, "(<nil>)"...)
			return
		}
		p.buf = append(p.buf, "<nil>"...)
	case string:
		p.text(v, s)
	case []byte:
		p.text(string(v), s)
	case bool:
		if s.verb != 'v' && s.verb != 't' {
			p.bad(s.verb)
			return
		}
		p.pad(strconv.AppendBool(nil, v), s)
	case error:
		p.text(v.Error(), s)
	case stringer:
		p.text(v.String(), s)
	case []int:
		p.ints(v, s)
	case []string:
		p.strings(v, s)
	default:
		p.bad(s.verb)
	}
}

// text formats a string under %v, %s or %q.
func (p *printer) text(v string, s spec) {
	switch s.verb {
	case 'v', 's':
		p.pad([]byte(v), s)
	case 'q':
		p.pad(strconv.AppendQuote(nil, v), s)
	default:
		p.bad(s.verb)
	}
}

// number formats the integer and float operands; it reports false for any other type.
func (p *printer) number(x any, s spec) bool {
	switch v := x.(type) {
	case int:
		p.int(int64(v), s)
	case int8:
		p.int(int64(v), s)
	case int16:
		p.int(int64(v), s)
	case int32:
		p.int(int64(v), s)
	case int64:
		p.int(v, s)
	case uint:
		p.uint(uint64(v), s)
	case uint8:
		p.uint(uint64(v), s)
	case uint16:
		p.uint(uint64(v), s)
	case uint32:
		p.uint(uint64(v), s)
	case uint64:
		p.uint(v, s)
	case uintptr:
		p.uint(uint64(v), s)
	case float32:
		p.float(float64(v), 32, s)
	case float64:
		p.float(v, 64, s)
	default:
		return false
	}
	return true
}

func (p *printer) int(v int64, s spec) {
	if v >= 0 {
		p.uint(uint64(v), s)
		return
	}
	if s.verb != 'v' && s.verb != 'd' {
		p.bad(s.verb)
		return
	}
	p.pad(strconv.AppendInt(nil, v, 10), s)
}

func (p *printer) uint(v uint64, s spec) {
	switch {
	case s.verb == 'v' || s.verb == 'd':
		p.pad(strconv.AppendUint(nil, v, 10), s)
	case s.verb == 'x' && s.sharp:
		p.pad(strconv.AppendUint([]byte("0x"), v, 16), s)
	case s.verb == 'x':
		p.pad(strconv.AppendUint(nil, v, 16), s)
	default:
		p.bad(s.verb)
	}
}

// float formats as %v and %g do: the shortest text that reads back as the same value.
func (p *printer) float(v float64, bits int, s spec) {
	if s.verb != 'v' && s.verb != 'g' {
		p.bad(s.verb)
		return
	}
	p.pad(strconv.AppendFloat(nil, v, 'g', -1, bits), s)
}

// ints formats a []int as fmt's %v does: [1 2 3].
func (p *printer) ints(v []int, s spec) {
	if s.verb != 'v' {
		p.bad(s.verb)
		return
	}
	p.buf = append(p.buf, '[')
	for i, n := range v {
		if i > 0 {
			p.buf = append(p.buf, ' ')
		}
		p.buf = strconv.AppendInt(p.buf, int64(n), 10)
	}
	p.buf = append(p.buf, ']')
}

// strings formats a []string as fmt's %v does: [a b c].
func (p *printer) strings(v []string, s spec) {
	if s.verb != 'v' {
		p.bad(s.verb)
		return
	}
	p.buf = append(p.buf, '[')
	for i, t := range v {
		if i > 0 {
			p.buf = append(p.buf, ' ')
		}
		p.buf = append(p.buf, t...)
	}
	p.buf = append(p.buf, ']')
}
