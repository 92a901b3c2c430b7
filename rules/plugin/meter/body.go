package meter

import "fmt"

// instrumentBody appends the metered version of one function body (locals and code, without the size
// prefix) to dst. nparams is the function's parameter count; fuel is the fuel global's index.
func instrumentBody(dst, body []byte, nparams int, fuel uint32, st *Stats) ([]byte, error) {
	r := &reader{b: body}
	nentries := r.count(2)
	locals := uint64(nparams)
	for i := 0; i < nentries && r.err == nil; i++ {
		locals += uint64(r.u32())
		if t := r.byte(); !isValType(t) {
			r.fail("local type %#x", t)
		}
		if locals > maxLocals {
			r.fail("%d locals", locals)
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	codeStart := r.pos
	costs, hasBulk, err := regionCosts(body, codeStart)
	if err != nil {
		return nil, err
	}
	st.Points += len(costs)
	for _, c := range costs {
		st.MaxCost = max(st.MaxCost, c)
	}
	scratch := uint32(locals) // index of the added i32 local, when there is one
	if hasBulk {
		dst = appendULEB(dst, uint64(nentries+1))
		dst = append(dst, body[skipCountLen(body):codeStart]...)
		dst = append(dst, 1, I32)
	} else {
		dst = append(dst, body[:codeStart]...)
	}
	dst = charge(dst, fuel, costs[0])
	r.pos, costs = codeStart, costs[1:]
	for !r.done() {
		start := r.pos
		k, shift := next(r)
		if k == bulk {
			dst = chargeOperand(dst, fuel, scratch, shift)
			st.Bulk++
		}
		dst = append(dst, body[start:r.pos]...)
		if k == loop {
			dst = charge(dst, fuel, costs[0])
			costs = costs[1:]
		}
	}
	return dst, r.err
}

// regionCosts walks the code once and returns the static cost of the function body (first) and of every
// loop body in order of appearance, each counting its own instructions but not those of nested loops.
func regionCosts(body []byte, codeStart int) (costs []int64, hasBulk bool, err error) {
	r := &reader{b: body, pos: codeStart}
	costs = []int64{0}
	frames := []int{0} // the region of each open control frame; the function's frame first
	for !r.done() {
		cur := frames[len(frames)-1]
		costs[cur]++
		k, _ := next(r)
		switch k {
		case open:
			frames = append(frames, cur)
		case loop:
			frames = append(frames, len(costs))
			costs = append(costs, 0)
		case end:
			frames = frames[:len(frames)-1]
			if len(frames) == 0 && r.pos != len(body) {
				r.fail("code after the function's end")
			}
		case bulk:
			hasBulk = true
		}
	}
	if r.err == nil && len(frames) != 0 {
		return nil, false, fmt.Errorf("%w: function body ends inside %d open blocks", ErrMalformed, len(frames))
	}
	return costs, hasBulk, r.err
}

// skipCountLen is the length of the LEB128 count that starts body.
func skipCountLen(body []byte) int {
	r := &reader{b: body}
	r.u32()
	return r.pos
}

// charge appends: fuel -= cost; if fuel < 0 { unreachable }.
func charge(dst []byte, fuel uint32, cost int64) []byte {
	dst = appendULEB(append(dst, 0x23), uint64(fuel)) // global.get
	dst = appendSLEB(append(dst, 0x42), cost)         // i64.const
	dst = append(dst, 0x7d)                           // i64.sub
	dst = appendULEB(append(dst, 0x24), uint64(fuel)) // global.set
	return check(dst, fuel)
}

// chargeOperand appends, for the i32 operand n on top of the stack (left in place): fuel -= n<<shift (or
// n>>-shift); if fuel < 0 { unreachable }.
func chargeOperand(dst []byte, fuel, scratch uint32, shift int) []byte {
	dst = appendULEB(append(dst, 0x22), uint64(scratch)) // local.tee
	dst = appendULEB(append(dst, 0x23), uint64(fuel))    // global.get
	dst = appendULEB(append(dst, 0x20), uint64(scratch)) // local.get
	dst = append(dst, 0xad)                              // i64.extend_i32_u
	if shift >= 0 {
		dst = append(dst, 0x42, byte(shift), 0x86) // i64.const shift; i64.shl
	} else {
		dst = append(dst, 0x42, byte(-shift), 0x88) // i64.const -shift; i64.shr_u
	}
	dst = append(dst, 0x7d)                           // i64.sub
	dst = appendULEB(append(dst, 0x24), uint64(fuel)) // global.set
	return check(dst, fuel)
}

func check(dst []byte, fuel uint32) []byte {
	dst = appendULEB(append(dst, 0x23), uint64(fuel)) // global.get
	return append(dst, 0x42, 0x00, 0x53, 0x04, 0x40, 0x00, 0x0b)
	// i64.const 0; i64.lt_s; if (empty); unreachable; end
}
