package meter

// The instruction sequences Instrument inserts. Each leaves the operand stack as it found it.
//
// Within a function the fuel counter lives in a local (a register, once compiled): charges subtract from
// it and test its sign, which costs a few machine instructions at every loop header. The global holds the
// counter across calls: the local is stored to it before every call and on the way out, and reloaded
// after every call (the callee, or a host function, has spent from it). A charge that finds the counter
// negative stores it first, so that the host reads a negative global after the trap.

// The metering's own instructions, charged with the code they meter: fuel counts every instruction the
// guest executes, the inserted ones included, so that a tight loop pays for its check too.
const (
	chargeInstrs  = 8                                        // charge: local.get|global.get, i64.const, i64.sub, local.tee, i64.const, i64.lt_s, if, end
	callInstrs    = 4                                        // spill and reload around a call: local.get, global.set, global.get, local.set
	spillInstrs   = 2                                        // on the way out: local.get, global.set
	stackInstrs   = 13                                       // stackEnter at entry (9) and stackExit on the way out (4); not in leaf functions
	operandInstrs = 18                                       // chargeOperand (at most)
	entryInstrs   = chargeInstrs + stackInstrs + spillInstrs // of a function that calls
	leafInstrs    = chargeInstrs + spillInstrs               // of a leaf function
)

// maxLeafSlots: a function that calls nothing and whose frame is at most this many slots skips the stack
// budget — it cannot recurse, so it can only add one bounded frame to the depth the budget allows.
const maxLeafSlots = 1024

// chargeEntry appends, at a function's entry: fuelLocal = fuel - cost; if fuelLocal < 0 { trap }.
func chargeEntry(dst []byte, fuel, fuelLocal uint32, cost int64) []byte {
	dst = appendULEB(append(dst, 0x23), uint64(fuel)) // global.get
	return chargeTail(dst, fuel, fuelLocal, cost)
}

// charge appends, at a loop header: fuelLocal -= cost; if fuelLocal < 0 { trap }.
func charge(dst []byte, fuel, fuelLocal uint32, cost int64) []byte {
	dst = appendULEB(append(dst, 0x20), uint64(fuelLocal)) // local.get
	return chargeTail(dst, fuel, fuelLocal, cost)
}

func chargeTail(dst []byte, fuel, fuelLocal uint32, cost int64) []byte {
	dst = appendSLEB(append(dst, 0x42), cost)              // i64.const
	dst = append(dst, 0x7d)                                // i64.sub
	dst = appendULEB(append(dst, 0x22), uint64(fuelLocal)) // local.tee
	return check(dst, fuel, fuelLocal)
}

// check appends, with the new counter on the stack: if counter < 0 { fuel = fuelLocal; unreachable }.
func check(dst []byte, fuel, fuelLocal uint32) []byte {
	dst = append(dst, 0x42, 0x00, 0x53, 0x04, 0x40)        // i64.const 0; i64.lt_s; if (empty)
	dst = appendULEB(append(dst, 0x20), uint64(fuelLocal)) // local.get
	dst = appendULEB(append(dst, 0x24), uint64(fuel))      // global.set
	return append(dst, 0x00, 0x0b)                         // unreachable; end
}

// chargeOperand appends, for the i32 operand n on top of the stack (left in place): fuelLocal -= the
// charge of n (see chargeBytes); if fuelLocal < 0 { trap }.
func chargeOperand(dst []byte, fuel, fuelLocal, scratch uint32, how int) []byte {
	dst = appendULEB(append(dst, 0x22), uint64(scratch))   // local.tee
	dst = appendULEB(append(dst, 0x20), uint64(fuelLocal)) // local.get
	dst = appendULEB(append(dst, 0x20), uint64(scratch))   // local.get
	dst = append(dst, 0xad)                                // i64.extend_i32_u
	if how == chargePages {
		dst = append(dst, 0x42, 15, 0x86) // i64.const 15; i64.shl
	} else {
		dst = append(dst, 0x42, 4, 0x88, 0x7d)                  // i64.const 4; i64.shr_u; i64.sub
		dst = appendULEB(append(dst, 0x20), uint64(scratch))    // local.get
		dst = append(dst, 0xad, 0x42, 16, 0x88, 0x42, 15, 0x86) // i64.extend_i32_u; >> 16; << 15
	}
	dst = append(dst, 0x7d)                                // i64.sub
	dst = appendULEB(append(dst, 0x22), uint64(fuelLocal)) // local.tee
	return check(dst, fuel, fuelLocal)
}

// spill appends fuel = fuelLocal (before a call and on the way out).
func spill(dst []byte, fuel, fuelLocal uint32) []byte {
	dst = appendULEB(append(dst, 0x20), uint64(fuelLocal)) // local.get
	return appendULEB(append(dst, 0x24), uint64(fuel))     // global.set
}

// reload appends fuelLocal = fuel (after a call).
func reload(dst []byte, fuel, fuelLocal uint32) []byte {
	dst = appendULEB(append(dst, 0x23), uint64(fuel))       // global.get
	return appendULEB(append(dst, 0x21), uint64(fuelLocal)) // local.set
}

// stackEnter appends: stack -= slots; if stack < 0 { unreachable }.
func stackEnter(dst []byte, stack uint32, slots int64) []byte {
	dst = appendULEB(append(dst, 0x23), uint64(stack)) // global.get
	dst = appendSLEB(append(dst, 0x41), slots)         // i32.const
	dst = append(dst, 0x6b)                            // i32.sub
	dst = appendULEB(append(dst, 0x24), uint64(stack)) // global.set
	dst = appendULEB(append(dst, 0x23), uint64(stack)) // global.get
	return append(dst, 0x41, 0x00, 0x48, 0x04, 0x40, 0x00, 0x0b)
	// i32.const 0; i32.lt_s; if (empty); unreachable; end
}

// stackExit appends: stack += slots.
func stackExit(dst []byte, stack uint32, slots int64) []byte {
	dst = appendULEB(append(dst, 0x23), uint64(stack)) // global.get
	dst = appendSLEB(append(dst, 0x41), slots)         // i32.const
	dst = append(dst, 0x6a)                            // i32.add
	return appendULEB(append(dst, 0x24), uint64(stack))
}
