package meter

// Helpers that assemble small modules byte by byte, for the cases a text format cannot express.

func module(sections ...[]byte) []byte {
	out := append([]byte(nil), header...)
	for _, s := range sections {
		out = append(out, s...)
	}
	return out
}

func sect(id byte, payload ...byte) []byte {
	return append(appendULEB([]byte{id}, uint64(len(payload))), payload...)
}

// body is a size-prefixed function body with no locals.
func body(code ...byte) []byte {
	b := append([]byte{0}, code...)
	return append(appendULEB(nil, uint64(len(b))), b...)
}

// funcModule is a module with one function () -> () whose code is given.
func funcModule(code ...byte) []byte {
	return module(
		sect(secType, 1, 0x60, 0, 0),
		sect(secFunction, 1, 0),
		sect(secCode, append([]byte{1}, body(code...)...)...),
	)
}
