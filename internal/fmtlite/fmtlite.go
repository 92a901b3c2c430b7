package fmtlite

// stringer is fmt.Stringer.
type stringer interface{ String() string }

func sprintf(format string, a []any) string {
	p := printer{}
	p.printf(format, a)
	return string(p.buf)
}

func sprint(a []any) string {
	p := printer{}
	for i, x := range a {
		_, isStr := x.(string)
		if i > 0 && !isStr {
			if _, prevStr := a[i-1].(string); !prevStr {
				p.buf = append(p.buf, ' ')
			}
		}
		p.operand(x, spec{verb: 'v'})
	}
	return string(p.buf)
}

// spec is one parsed conversion: %[flags][width]verb.
type spec struct {
	verb  byte
	sharp bool // '#'
	zero  bool // '0'
	width int
}

type printer struct {
	buf     []byte
	wrapped []error // %w operands, in order
}

func (p *printer) printf(format string, a []any) {
	arg := 0
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			p.buf = append(p.buf, c)
			continue
		}
		var s spec
		i, s = parseSpec(format, i+1)
		switch {
		case s.verb == '%':
			p.buf = append(p.buf, '%')
		case s.verb == 0:
			p.buf = append(p.buf, "%!(NOVERB)"...)
		case arg >= len(a):
			p.buf = append(p.buf, '%', '!', s.verb)
			p.buf = append(p.buf, "(MISSING)"...)
		default:
			p.operand(a[arg], s)
			arg++
		}
	}
	if arg < len(a) {
		p.buf = append(p.buf, "%!(EXTRA)"...)
	}
}

// parseSpec reads flags, width and verb from format[i:]; it returns the verb's index.
func parseSpec(format string, i int) (int, spec) {
	var s spec
	for ; i < len(format); i++ {
		switch c := format[i]; {
		case c == '#':
			s.sharp = true
		case c == '0' && s.width == 0:
			s.zero = true
		case c >= '0' && c <= '9':
			s.width = s.width*10 + int(c-'0')
		default:
			s.verb = c
			return i, s
		}
	}
	return i, s
}

// bad writes fmt's mark for an operand it cannot format: %!v(?).
func (p *printer) bad(verb byte) {
	p.buf = append(p.buf, '%', '!', verb, '(', '?', ')')
}

// pad appends b after the spaces or zeros that bring it to the spec's width.
func (p *printer) pad(b []byte, s spec) {
	fill := byte(' ')
	if s.zero {
		fill = '0'
	}
	for n := len(b); n < s.width; n++ {
		p.buf = append(p.buf, fill)
	}
	p.buf = append(p.buf, b...)
}
