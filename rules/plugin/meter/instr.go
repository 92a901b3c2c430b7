package meter

import "github.com/corerec/corerec/internal/fmtlite"

// kind classifies an instruction for metering.
type kind uint8

const (
	plain   kind = iota
	open         // block: opens a control frame
	ifOp         // if: opens a control frame with two arms
	loop         // opens a frame whose header is a metering point
	elseOp       // else: stays in the same frame
	end          // closes a frame (or the function)
	bulk         // an operation charged by its top-of-stack i32 operand as well
	ret          // return
	br           // unconditional branch to r.labels[0]
	brIf         // conditional branch to r.labels[0]
	brTable      // branch to one of r.labels
	trap         // unreachable
	callOp       // call, call_indirect: the fuel counter is spilled around them
)

// Dynamic charges of bulk operations, by their operand n (BENCHMARKS.md, "Plugins"):
//
//   - bytes or table elements (memory.fill/copy/init, table.fill/copy/init/grow): n/16, plus 1/2 per byte
//     of every full 64 KiB — small copies run in cache at tens of bytes per nanosecond, large ones at the
//     speed of memory (Go's runtime makes many small ones);
//   - pages (memory.grow): 2^15 a page, 1/2 per byte: fresh pages cost a page fault when first touched.
const (
	chargeBytes = iota + 1
	chargePages
)

// next decodes the instruction at r.pos, leaving r after its immediates. For bulk it also returns how the
// operand is charged (chargeBytes or chargePages).
func next(r *reader) (kind, int) {
	op := r.byte()
	switch {
	case op == 0x02:
		r.sleb(33) // block type
		return open, 0
	case op == 0x04:
		r.sleb(33)
		return ifOp, 0
	case op == 0x03:
		r.sleb(33)
		return loop, 0
	case op == 0x05:
		return elseOp, 0
	case op == 0x0b:
		return end, 0
	case op == 0x0f:
		return ret, 0
	case op == 0x00:
		return trap, 0
	case op == 0x0c || op == 0x0d:
		r.labels = append(r.labels[:0], r.u32())
		if op == 0x0c {
			return br, 0
		}
		return brIf, 0
	case op == 0x10:
		r.u32()
		return callOp, 0
	case op == 0x11:
		r.u32()
		r.u32()
		return callOp, 0
	case op == 0x0e:
		r.labels = r.labels[:0]
		for n := r.count(1); n >= 0 && r.err == nil; n-- { // n labels and the default
			r.labels = append(r.labels, r.u32())
		}
		return brTable, 0
	case op == 0x40:
		r.u32()
		return bulk, chargePages
	case op == 0xfc:
		return nextFC(r)
	case op == 0xfd:
		nextSIMD(r)
		return plain, 0
	}
	immediates(r, op)
	return plain, 0
}

// immediates skips the immediates of a one-byte opcode other than those next handles itself.
func immediates(r *reader, op byte) {
	switch {
	case op == 0x01, op == 0x1a, op == 0x1b, op >= 0x45 && op <= 0xc4, op == 0xd1:
		// no immediates: nop, drop, select, numeric (incl. sign extension), ref.is_null
	case op == 0x23 || op == 0x24:
		if g := r.u32(); g >= r.globals && r.err == nil {
			r.fail("global %d does not exist (the module has %d)", g, r.globals)
		}
	case op == 0xd2 || op >= 0x20 && op <= 0x26 || op == 0x3f:
		r.u32() // function, local, global, table or memory index
	case op == 0x1c:
		r.valtypes()
	case op >= 0x28 && op <= 0x3e:
		memarg(r)
	case op == 0x41:
		r.sleb(32)
	case op == 0x42:
		r.sleb(64)
	case op == 0x43:
		r.bytes(4)
	case op == 0x44:
		r.bytes(8)
	case op == 0xd0:
		if t := r.byte(); t != 0x70 && t != 0x6f {
			r.fail("ref.null type %#x", t)
		}
	case op == 0x12 || op == 0x13:
		unsupported(r, "tail calls")
	case op == 0xfe:
		unsupported(r, "threads (atomics)")
	case op >= 0x06 && op <= 0x0a || op == 0x18 || op == 0x19:
		unsupported(r, "exceptions")
	default:
		r.fail("unknown opcode %#x", op)
	}
}

func unsupported(r *reader, what string) {
	if r.err == nil {
		r.err = fmtlite.Errorf("%w: %s at byte %d", ErrUnsupported, what, r.pos)
		r.pos = len(r.b)
	}
}

// memarg reads alignment and offset; alignment bit 6 announces a memory index (multi-memory).
func memarg(r *reader) {
	if align := r.u32(); align&0x40 != 0 {
		unsupported(r, "multiple memories")
		return
	}
	r.u32()
}

// nextFC decodes the 0xfc prefix: saturating truncation, bulk memory and table operations.
func nextFC(r *reader) (kind, int) {
	switch sub := r.u32(); {
	case sub <= 7: // i32.trunc_sat_f32_s … i64.trunc_sat_f64_u
	case sub == 8: // memory.init data mem
		r.u32()
		r.u32()
		return bulk, chargeBytes
	case sub == 9 || sub == 13 || sub == 16: // data.drop, elem.drop, table.size
		r.u32()
	case sub == 10 || sub == 12 || sub == 14: // memory.copy, table.init, table.copy: two indices
		r.u32()
		r.u32()
		return bulk, chargeBytes
	case sub == 11 || sub == 15 || sub == 17: // memory.fill, table.grow, table.fill
		r.u32()
		return bulk, chargeBytes
	default:
		r.fail("unknown 0xfc opcode %d", sub)
	}
	return plain, 0
}

// nextSIMD decodes the 0xfd prefix (fixed-width SIMD).
func nextSIMD(r *reader) {
	switch sub := r.u32(); {
	case sub <= 11 || sub == 92 || sub == 93: // loads, stores, load_zero
		memarg(r)
	case sub == 12 || sub == 13: // v128.const, i8x16.shuffle
		r.bytes(16)
	case sub >= 21 && sub <= 34: // extract_lane, replace_lane
		r.byte()
	case sub >= 84 && sub <= 91: // load_lane, store_lane
		memarg(r)
		r.byte()
	case sub > 0xff:
		unsupported(r, fmtlite.Sprintf("SIMD opcode %d (relaxed SIMD)", sub))
	}
}
