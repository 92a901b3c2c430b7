package modelpack

// checkLayout applies the structural rules of FORMAT.md to the section
// table: names unique; offsets aligned, strictly increasing, after the
// header and after the previous section; payloads inside the file with the
// length their shape implies; every gap zero; nothing after the last
// section; required sections understood.
func checkLayout(data []byte, headerEnd int64, secs []SectionInfo) error {
	size := int64(len(data))
	prevEnd, prevOff := headerEnd, int64(-1)
	names := make(map[string]struct{}, len(secs))
	for i := range secs {
		s := &secs[i]
		if _, dup := names[s.Name]; dup {
			return formatErr(s.Name, s.Offset, ErrCorrupt, "duplicate section name")
		}
		names[s.Name] = struct{}{}
		if err := checkSection(s, size, prevEnd, prevOff); err != nil {
			return err
		}
		if err := checkZero(data, prevEnd, s.Offset); err != nil {
			return err
		}
		prevEnd, prevOff = s.Offset+s.Length, s.Offset
	}
	if size > prevEnd {
		return formatErr("", prevEnd, ErrCorrupt, "%d trailing bytes after the last section", size-prevEnd)
	}
	return nil
}

func checkSection(s *SectionInfo, size, prevEnd, prevOff int64) error {
	switch {
	case s.Offset%Align != 0:
		return formatErr(s.Name, s.Offset, ErrCorrupt, "offset not a multiple of %d", Align)
	case s.Offset < prevEnd || s.Offset <= prevOff:
		return formatErr(s.Name, s.Offset, ErrCorrupt, "overlaps the header or the previous section (ends at %d)", prevEnd)
	case s.Length < 0:
		return formatErr(s.Name, s.Offset, ErrCorrupt, "negative length %d", s.Length)
	case s.Offset > size || s.Length > size-s.Offset:
		return formatErr(s.Name, s.Offset, ErrTruncated, "payload of %d bytes runs past the end of the file (%d bytes)", s.Length, size)
	case s.Required && s.Kind == KindFeature && !s.known():
		return formatErr(s.Name, s.Offset, ErrUnsupported, "the file uses a feature this reader does not know (format %d.%d)", FormatMajor, FormatMinor)
	case s.Required && !s.known():
		return formatErr(s.Name, s.Offset, ErrUnsupported, "kind %q, dtype %s", s.Kind, s.DType)
	}
	if s.DType.known() {
		n := elems(s.Shape, size)
		if n < 0 || n*int64(s.DType.Size()) != s.Length {
			return formatErr(s.Name, s.Offset, ErrCorrupt, "length %d does not match shape %v of %s", s.Length, s.Shape, s.DType)
		}
	}
	return nil
}

// checkZero requires data[from:to] to be zero padding.
func checkZero(data []byte, from, to int64) error {
	for i := from; i < to; i++ {
		if data[i] != 0 {
			return formatErr("", i, ErrCorrupt, "non-zero padding byte")
		}
	}
	return nil
}

// checkCRCs verifies the CRC32C of every payload.
func checkCRCs(data []byte, secs []SectionInfo) error {
	for i := range secs {
		s := &secs[i]
		if got := crc32c(data[s.Offset : s.Offset+s.Length]); got != s.CRC32C {
			return formatErr(s.Name, s.Offset, ErrChecksum, "got %08x, want %08x", got, s.CRC32C)
		}
	}
	return nil
}
