package modelpack

import "strconv"

// AddMatrix adds matrix NAME: section NAME.f32, NAME.f16 or NAME.int8
// (kind "matrix", shape [rows, cols]); int8 adds NAME.scale and NAME.offset
// (f32, per row or per column as the "scale" attribute of NAME.int8 says).
func (b *Builder) AddMatrix(name string, m Matrix) error {
	if err := m.Validate(); err != nil {
		return err
	}
	code := name + m.Quant.suffix()
	if err := b.free(name+".f32", name+".f16", name+".int8", name+".scale", name+".offset"); err != nil {
		return err
	}
	shape := []int{m.Rows, m.Cols}
	switch m.Quant {
	case QuantF32:
		return addTyped(b, code, KindMatrix, F32, shape, m.F32, nil)
	case QuantF16:
		return addTyped(b, code, KindMatrix, F16, shape, m.F16, nil)
	}
	attrs := map[string]string{"scale": "row"}
	if m.PerDim {
		attrs["scale"] = "dim"
	}
	k := []int{m.scaleLen()}
	return firstErr(
		addTyped(b, code, KindMatrix, Int8, shape, m.I8, attrs),
		addTyped(b, name+".scale", KindMatrixScale, F32, k, m.Scale, nil),
		addTyped(b, name+".offset", KindMatrixOffset, F32, k, m.Offset, nil),
	)
}

// AddStrings adds string list NAME: NAME.offsets (u32, n+1), NAME.data
// (bytes) and, when the strings are unique, NAME.hash (the lookup table
// Strings.Index probes in place).
func (b *Builder) AddStrings(name string, s []string) error {
	offsets, data, err := encodeStrings(s)
	if err != nil {
		return err
	}
	if err := b.free(name+".offsets", name+".data", name+".hash"); err != nil {
		return err
	}
	err = firstErr(
		addTyped(b, name+".offsets", KindStringsOffsets, Uint32, []int{len(offsets)}, offsets, nil),
		b.add(SectionInfo{Name: name + ".data", Kind: KindStringsData, DType: Bytes, Shape: []int{len(data)}}, data),
	)
	if hash := buildHash(offsets, data); hash != nil && err == nil {
		err = addTyped(b, name+".hash", KindStringsHash, Uint32, []int{len(hash)}, hash, nil)
	}
	return err
}

// AddCSR adds sparse rows NAME: NAME.indptr (u32, rows+1, attribute
// "cols") and NAME.indices (i32, nnz). c must pass Validate.
func (b *Builder) AddCSR(name string, c CSR) error {
	if c.Rows == 0 && len(c.Indptr) == 0 {
		c.Indptr = []uint32{0}
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if err := b.free(name+".indptr", name+".indices"); err != nil {
		return err
	}
	return firstErr(
		addTyped(b, name+".indptr", KindCSRIndptr, Uint32, []int{len(c.Indptr)}, c.Indptr, map[string]string{"cols": strconv.Itoa(c.Cols)}),
		addTyped(b, name+".indices", KindCSRIndices, Int32, []int{len(c.Indices)}, c.Indices, nil),
	)
}
