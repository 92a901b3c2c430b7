package meter

import "github.com/corerec/corerec/internal/fmtlite"

// frameSlots is the stack charge of a call frame beyond its parameters and locals (return address, frame
// bookkeeping and a share of the operand stack, in 8-byte slots).
const frameSlots = 8

// bodyEnv is what rewriting one function body needs from the module.
type bodyEnv struct {
	fuel, stack uint32 // indices of the fuel and stack globals; fuel is also the module's global count
	nparams     int
	blockType   []byte // the encoded block type of the function's results, for the wrapper block
}

// instrumentBody appends the metered version of one function body (locals and code, without the size
// prefix) to dst:
//
//	locals + an i64 fuel counter (+ an i32 scratch local when there are bulk operations)
//	counter = fuel - cost of the body and its locals; trap if < 0
//	stack -= frame slots; trap if < 0
//	block (result …)          ;; the wrapper: branches to the function's label land here
//	  … the body: each loop header charged, each call between a spill and a reload of the counter,
//	    each return turned into a branch to the wrapper …
//	end
//	fuel = counter; stack += frame slots
//	end
func instrumentBody(dst, body []byte, env bodyEnv, st *Stats) ([]byte, error) {
	r := &reader{b: body, globals: env.fuel}
	nentries := r.count(2)
	locals := uint64(0)
	for i := 0; i < nentries && r.err == nil; i++ {
		locals += uint64(r.u32())
		if t := r.byte(); !isValType(t) {
			r.fail("local type %#x", t)
		}
		if locals+uint64(env.nparams) > maxLocals {
			r.fail("%d locals", locals)
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	codeStart := r.pos
	bi, err := regionCosts(body, codeStart, env.fuel)
	if err != nil {
		return nil, err
	}
	costs, points, hasBulk := bi.costs, bi.points, bi.hasBulk
	slots := int64(frameSlots) + int64(env.nparams) + int64(locals)
	leaf := !bi.hasCall && slots <= maxLeafSlots
	costs[0] += int64(locals) + spillInstrs // locals are zeroed on every call
	if !leaf {
		costs[0] += stackInstrs
	}
	for i := range costs {
		costs[i] += chargeInstrs
	}
	st.Points += len(costs)
	for _, c := range costs {
		st.MaxCost = max(st.MaxCost, c)
	}
	// The added locals: the fuel counter, then the scratch of bulk operations.
	counter := uint32(uint64(env.nparams) + locals)
	scratch := counter + 1
	added := []byte{1, I64}
	if hasBulk {
		added = append(added, 1, I32)
	}
	dst = appendULEB(dst, uint64(nentries+len(added)/2))
	dst = append(dst, body[skipCountLen(body):codeStart]...)
	dst = append(dst, added...)
	dst = chargeEntry(dst, env.fuel, counter, costs[0])
	if !leaf {
		dst = stackEnter(dst, env.stack, slots)
	}
	dst = append(append(dst, 0x02), env.blockType...)
	r.pos, costs = codeStart, costs[1:]
	depth := 1 // open control frames, the function's (now the wrapper's) included
	for !r.done() {
		start := r.pos
		k, how := next(r)
		switch k {
		case bulk:
			dst = chargeOperand(dst, env.fuel, counter, scratch, how)
			st.Bulk++
		case callOp:
			dst = spill(dst, env.fuel, counter)
		case ret: // return → br to the wrapper, so that the exit code below runs
			dst = appendULEB(append(dst, 0x0c), uint64(depth-1))
			continue
		case open, ifOp, loop:
			depth++
		case end:
			depth--
		}
		dst = append(dst, body[start:r.pos]...)
		if k == callOp {
			dst = reload(dst, env.fuel, counter)
		}
		if len(points) > 0 && points[0] == r.pos { // a loop header or a join point
			dst = charge(dst, env.fuel, counter, costs[0])
			costs, points = costs[1:], points[1:]
		}
	}
	dst = spill(dst, env.fuel, counter)
	if !leaf {
		dst = stackExit(dst, env.stack, slots)
	}
	return append(dst, 0x0b), r.err
}

// regionCosts walks the code once and returns the charge of each region (see paths.go): the function's
// entry first, then every other metering point in order, with the byte offsets (just after a loop or an
// end instruction) where their charges go. Every region charges at least 1, so no loop runs for free.
// bodyInfo is what regionCosts learns about a body.
type bodyInfo struct {
	costs            []int64 // per region, the entry's first
	points           []int   // per region but the entry: the byte offset where its charge goes
	hasBulk, hasCall bool
}

func regionCosts(body []byte, codeStart int, globals uint32) (bodyInfo, error) {
	var bi bodyInfo
	r := &reader{b: body, pos: codeStart, globals: globals}
	w := newWalk()
	for !r.done() && len(w.frames) > 0 {
		k, _ := next(r)
		if k != end {
			w.add(1)
		}
		switch k {
		case open:
			w.push(frame{kind: blockFrame})
		case ifOp:
			w.push(frame{kind: ifFrame, ifEntry: w.active})
		case loop:
			w.enterLoop(r.pos)
		case elseOp:
			w.elseArm()
		case end:
			w.end(r.pos)
			w.add(1) // after the join: the end runs on every path that reaches it
			if len(w.frames) == 0 && r.pos != len(body) {
				r.fail("code after the function's end")
			}
		case bulk:
			bi.hasBulk = true
			w.add(operandInstrs)
		case callOp:
			bi.hasCall = true
			w.add(callInstrs)
		case br, brTable:
			w.branch(r.labels, k == brTable)
			w.active = noPath
		case brIf:
			w.branch(r.labels, false)
		case ret, trap:
			w.active = noPath
		}
	}
	if r.err == nil && len(w.frames) != 0 {
		return bi, fmtlite.Errorf("%w: function body ends inside %d open blocks", ErrMalformed, len(w.frames))
	}
	for i := range w.costs {
		w.costs[i] = max(w.costs[i], 1)
	}
	bi.costs, bi.points = w.costs, w.points
	return bi, r.err
}

// skipCountLen is the length of the LEB128 count that starts body.
func skipCountLen(body []byte) int {
	r := &reader{b: body}
	r.u32()
	return r.pos
}
