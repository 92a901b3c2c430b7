package meter

import "fmt"

// The metering's own instructions, charged with the code they meter: fuel counts every instruction the
// guest executes, the inserted ones included, so that a tight loop pays for its check too.
const (
	chargeInstrs  = 9  // charge: global.get, i64.const, i64.sub, global.set, global.get, i64.const, i64.lt_s, if, end
	stackInstrs   = 13 // stackEnter (9) at entry and stackExit (4) on the way out
	operandInstrs = 13 // chargeOperand
)

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
//	locals (plus one i32 scratch local when there are bulk operations)
//	fuel -= cost of the body + its locals; trap if < 0
//	stack -= frame slots; trap if < 0
//	block (result …)          ;; the wrapper: branches to the function's label land here
//	  … the body, each loop header charged, each return turned into a branch to the wrapper …
//	end
//	stack += frame slots
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
	costs, hasBulk, err := regionCosts(body, codeStart, env.fuel)
	if err != nil {
		return nil, err
	}
	costs[0] += int64(locals) + stackInstrs // locals are zeroed on every call
	for i := range costs {
		costs[i] += chargeInstrs
	}
	st.Points += len(costs)
	for _, c := range costs {
		st.MaxCost = max(st.MaxCost, c)
	}
	scratch := uint32(uint64(env.nparams) + locals) // index of the added i32 local, when there is one
	if hasBulk {
		dst = appendULEB(dst, uint64(nentries+1))
		dst = append(dst, body[skipCountLen(body):codeStart]...)
		dst = append(dst, 1, I32)
	} else {
		dst = append(dst, body[:codeStart]...)
	}
	slots := int64(frameSlots) + int64(env.nparams) + int64(locals)
	dst = charge(dst, env.fuel, costs[0])
	dst = stackEnter(dst, env.stack, slots)
	dst = append(append(dst, 0x02), env.blockType...)
	r.pos, costs = codeStart, costs[1:]
	depth := 1 // open control frames, the function's (now the wrapper's) included
	for !r.done() {
		start := r.pos
		k, shift := next(r)
		switch k {
		case bulk:
			dst = chargeOperand(dst, env.fuel, scratch, shift)
			st.Bulk++
		case ret: // return → br to the wrapper, so that the exit code below runs
			dst = appendULEB(append(dst, 0x0c), uint64(depth-1))
			continue
		case open, ifOp, loop:
			depth++
		case end:
			depth--
		}
		dst = append(dst, body[start:r.pos]...)
		if k == loop {
			dst = charge(dst, env.fuel, costs[0])
			costs = costs[1:]
		}
	}
	dst = stackExit(dst, env.stack, slots)
	return append(dst, 0x0b), r.err
}

// regionCosts walks the code once and returns the static charge of the function body (first) and of every
// loop body in order of appearance: the longest path, in instructions, that control can take through the
// region from its entry — to a branch back to its header, out of it, or to the end — with each nested loop
// counted as one instruction (it charges for itself). An if counts its longer arm; a br_table its longest
// target. Every region charges at least 1, so no loop runs for free.
func regionCosts(body []byte, codeStart int, globals uint32) (costs []int64, hasBulk bool, err error) {
	r := &reader{b: body, pos: codeStart, globals: globals}
	w := walk{costs: []int64{0}, suspended: []int64{0}, reachable: true, frames: []frame{{kind: fnFrame}}}
	for !r.done() && len(w.frames) > 0 {
		k, _ := next(r)
		if k != end {
			w.step()
		}
		switch k {
		case open:
			w.push(frame{kind: blockFrame})
		case ifOp:
			w.push(frame{kind: ifFrame, ifEntry: w.cur})
		case loop:
			w.enterLoop()
		case elseOp:
			w.elseArm()
		case end:
			w.end()
			w.step() // after the join: the end runs on every path that reaches it
			if len(w.frames) == 0 && r.pos != len(body) {
				r.fail("code after the function's end")
			}
		case bulk:
			hasBulk = true
			w.cur += operandInstrs
			w.costs[w.active] = max(w.costs[w.active], w.cur)
		case br, brTable:
			w.branch(r.labels)
			w.reachable = false
		case brIf:
			w.branch(r.labels)
		case ret, trap:
			w.reachable = false
		}
	}
	if r.err == nil && len(w.frames) != 0 {
		return nil, false, fmt.Errorf("%w: function body ends inside %d open blocks", ErrMalformed, len(w.frames))
	}
	for i := range w.costs {
		w.costs[i] = max(w.costs[i], 1)
	}
	return w.costs, hasBulk, r.err
}

// skipCountLen is the length of the LEB128 count that starts body.
func skipCountLen(body []byte) int {
	r := &reader{b: body}
	r.u32()
	return r.pos
}
