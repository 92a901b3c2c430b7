package modelpack

// skip consumes one value of any type, nested at most maxDepth deep.
func (r *mpReader) skip(depth int) error {
	if depth > maxDepth {
		return r.fail("nesting deeper than %d", maxDepth)
	}
	c, err := r.peek()
	if err != nil {
		return err
	}
	switch {
	case c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3:
		r.pos++
		return nil
	case c&0xe0 == 0xa0 || c == 0xd9 || c == 0xda || c == 0xdb || (c >= 0xc4 && c <= 0xc6):
		_, err = r.strBytes()
		return err
	case c&0xf0 == 0x80 || c == 0xde || c == 0xdf:
		return r.skipN(true, depth)
	case c&0xf0 == 0x90 || c == 0xdc || c == 0xdd:
		return r.skipN(false, depth)
	}
	return r.skipScalar(c)
}

func (r *mpReader) skipN(isMap bool, depth int) error {
	n, err := r.containerLen(isMap)
	if err != nil {
		return err
	}
	if isMap {
		n *= 2
	}
	for i := 0; i < n; i++ {
		if err := r.skip(depth + 1); err != nil {
			return err
		}
	}
	return nil
}

// skipScalar skips numbers and extensions.
func (r *mpReader) skipScalar(c byte) error {
	r.pos++
	var n int
	switch c {
	case 0xcc, 0xd0:
		n = 1
	case 0xcd, 0xd1:
		n = 2
	case 0xca, 0xce, 0xd2:
		n = 4
	case 0xcb, 0xcf, 0xd3:
		n = 8
	case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8: // fixext 1,2,4,8,16 (+ type byte)
		n = 1<<(c-0xd4) + 1
	case 0xc7, 0xc8, 0xc9: // ext 8/16/32
		l, err := r.uintN(1 << (c - 0xc7))
		if err != nil {
			return err
		}
		if l > uint64(r.remaining()) {
			return r.fail("extension of %d bytes exceeds input", l)
		}
		n = int(l) + 1
	default:
		r.pos--
		return r.fail("reserved type 0x%02x", c)
	}
	_, err := r.take(n)
	return err
}
