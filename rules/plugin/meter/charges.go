package meter

// The instruction sequences Instrument inserts. Each leaves the operand stack as it found it.

// charge appends: fuel -= cost; if fuel < 0 { unreachable }.
func charge(dst []byte, fuel uint32, cost int64) []byte {
	dst = appendULEB(append(dst, 0x23), uint64(fuel)) // global.get
	dst = appendSLEB(append(dst, 0x42), cost)         // i64.const
	dst = append(dst, 0x7d)                           // i64.sub
	dst = appendULEB(append(dst, 0x24), uint64(fuel)) // global.set
	dst = appendULEB(append(dst, 0x23), uint64(fuel)) // global.get
	return append(dst, 0x42, 0x00, 0x53, 0x04, 0x40, 0x00, 0x0b)
	// i64.const 0; i64.lt_s; if (empty); unreachable; end
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
	dst = appendULEB(append(dst, 0x23), uint64(fuel)) // global.get
	return append(dst, 0x42, 0x00, 0x53, 0x04, 0x40, 0x00, 0x0b)
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
