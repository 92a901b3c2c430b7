package modelpack

import (
	"errors"
	"strconv"
	"strings"
)

// index builds the name map and every composite object (strings, CSR,
// matrices, catalog), validating each so that no later access can go out
// of bounds. Sections this reader does not understand are skipped.
func (b *Bundle) index(opt Options) error {
	b.byName = make(map[string]int, len(b.sections))
	for i := range b.sections {
		b.byName[b.sections[i].Name] = i
	}
	b.strs = map[string]*Strings{}
	b.csrs = map[string]CSR{}
	b.mats = map[string]Matrix{}
	for i := range b.sections {
		s := &b.sections[i]
		if !s.known() {
			continue
		}
		var err error
		switch s.Kind {
		case KindStringsOffsets:
			err = b.indexStrings(s, opt)
		case KindCSRIndptr:
			err = b.indexCSR(s)
		case KindMatrix:
			err = b.indexMatrix(s)
		}
		if err != nil {
			return wrapSection(s, err)
		}
	}
	return b.indexCatalog()
}

// wrapSection turns a validation error into a *FormatError for s.
func wrapSection(s *SectionInfo, err error) error {
	var fe *FormatError
	if errors.As(err, &fe) {
		return err
	}
	if !errors.Is(err, ErrCorrupt) {
		err = errorf(ErrCorrupt, "%s", strings.TrimPrefix(err.Error(), "modelpack: "))
	}
	return &FormatError{Section: s.Name, Offset: s.Offset, Err: err}
}

// part returns the companion section name, which must exist with the given
// kind, dtype and number of dimensions; optional parts may be absent (nil).
func (b *Bundle) part(name, kind string, dt DType, dims int, optional bool) (*SectionInfo, error) {
	i, ok := b.byName[name]
	if !ok {
		if optional {
			return nil, nil
		}
		return nil, errorf(ErrCorrupt, "missing section %q", name)
	}
	s := &b.sections[i]
	if s.Kind != kind || s.DType != dt || len(s.Shape) != dims {
		return nil, wrapSection(s, errorf(ErrCorrupt, "want kind %q, dtype %s, %d dimensions", kind, dt, dims))
	}
	return s, nil
}

// baseName strips the suffix a composite's primary section must end with.
func baseName(s *SectionInfo, suffix string) (string, error) {
	base, ok := strings.CutSuffix(s.Name, suffix)
	if !ok || base == "" {
		return "", errorf(ErrCorrupt, "a %q section must be named NAME%s", s.Kind, suffix)
	}
	return base, nil
}

func (b *Bundle) indexStrings(s *SectionInfo, opt Options) error {
	base, err := baseName(s, ".offsets")
	if err != nil {
		return err
	}
	if _, err := b.part(s.Name, KindStringsOffsets, Uint32, 1, false); err != nil {
		return err
	}
	data, err := b.part(base+".data", KindStringsData, Bytes, 1, false)
	if err != nil {
		return err
	}
	hs, err := b.part(base+".hash", KindStringsHash, Uint32, 1, true)
	if err != nil {
		return err
	}
	var hash []uint32
	if hs != nil {
		hash = viewAs[uint32](b.payload(hs))
	}
	str, err := newStrings(viewAs[uint32](b.payload(s)), b.payload(data), hash, !opt.SkipVerify)
	if err != nil {
		return err
	}
	b.strs[base] = str
	return nil
}

func (b *Bundle) indexCSR(s *SectionInfo) error {
	base, err := baseName(s, ".indptr")
	if err != nil {
		return err
	}
	if _, err := b.part(s.Name, KindCSRIndptr, Uint32, 1, false); err != nil {
		return err
	}
	idx, err := b.part(base+".indices", KindCSRIndices, Int32, 1, false)
	if err != nil {
		return err
	}
	cols, err := strconv.Atoi(s.Attrs["cols"])
	if err != nil {
		return errorf(ErrCorrupt, "attribute cols %q", s.Attrs["cols"])
	}
	c := CSR{Rows: s.Shape[0] - 1, Cols: cols, Indptr: viewAs[uint32](b.payload(s)), Indices: viewAs[int32](b.payload(idx))}
	if err := c.Validate(); err != nil {
		return err
	}
	b.csrs[base] = c
	return nil
}

func (b *Bundle) indexMatrix(s *SectionInfo) error {
	q := map[DType]Quant{F32: QuantF32, F16: QuantF16, Int8: QuantInt8}
	quant, ok := q[s.DType]
	if !ok || len(s.Shape) != 2 {
		return errorf(ErrCorrupt, "matrix of dtype %s and shape %v", s.DType, s.Shape)
	}
	base, err := baseName(s, quant.suffix())
	if err != nil {
		return err
	}
	if _, dup := b.mats[base]; dup {
		return errorf(ErrCorrupt, "two payloads for matrix %q", base)
	}
	m := Matrix{Rows: s.Shape[0], Cols: s.Shape[1], Quant: quant}
	p := b.payload(s)
	switch quant {
	case QuantF32:
		m.F32 = viewAs[float32](p)
	case QuantF16:
		m.F16 = viewAs[uint16](p)
	case QuantInt8:
		m.I8 = viewAs[int8](p)
		if err := b.indexScales(&m, s, base); err != nil {
			return err
		}
	}
	if err := m.Validate(); err != nil {
		return err
	}
	b.mats[base] = m
	return nil
}

func (b *Bundle) indexScales(m *Matrix, s *SectionInfo, base string) error {
	switch s.Attrs["scale"] {
	case "row":
	case "dim":
		m.PerDim = true
	default:
		return errorf(ErrCorrupt, "attribute scale %q (want row or dim)", s.Attrs["scale"])
	}
	sc, err := b.part(base+".scale", KindMatrixScale, F32, 1, false)
	if err != nil {
		return err
	}
	off, err := b.part(base+".offset", KindMatrixOffset, F32, 1, false)
	if err != nil {
		return err
	}
	m.Scale, m.Offset = viewAs[float32](b.payload(sc)), viewAs[float32](b.payload(off))
	return nil
}
