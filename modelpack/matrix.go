package modelpack

import "math"

// Quant is the storage precision of a Matrix.
type Quant uint8

// Precisions. The zero value is QuantF32.
const (
	QuantF32  Quant = iota // 4 bytes per element, exact
	QuantF16               // 2 bytes, IEEE binary16 (about 3 significant digits)
	QuantInt8              // 1 byte + scale/offset per row or per column
)

func (q Quant) String() string {
	switch q {
	case QuantF32:
		return "f32"
	case QuantF16:
		return "f16"
	case QuantInt8:
		return "int8"
	}
	return "unknown"
}

// suffix is the section-name suffix of the code payload.
func (q Quant) suffix() string { return "." + q.String() }

func (q Quant) dtype() DType {
	return [...]DType{QuantF32: F32, QuantF16: F16, QuantInt8: Int8}[q]
}

// Matrix is a dense rows × cols matrix, row-major, in one of three
// precisions: exactly the slice named by Quant is set. For QuantInt8,
// element (i, j) is x ≈ Offset[k] + Scale[k]·I8[i·Cols+j] with k = i
// (per row, len Rows) or k = j (PerDim, len Cols).
type Matrix struct {
	Rows, Cols    int
	Quant         Quant
	F32           []float32
	F16           []uint16 // IEEE binary16 bits
	I8            []int8
	Scale, Offset []float32 // QuantInt8 only
	PerDim        bool      // QuantInt8: Scale/Offset per column instead of per row
}

// Validate checks that exactly the payload Quant names is set, with
// Rows·Cols elements, and that scales have the right length.
func (m Matrix) Validate() error {
	if m.Rows < 0 || m.Cols < 0 || m.Rows > math.MaxInt32 || m.Cols > math.MaxInt32 {
		return errorf(ErrInvalid, "matrix of %d×%d", m.Rows, m.Cols)
	}
	n := int64(m.Rows) * int64(m.Cols)
	lens := [3]int{len(m.F32), len(m.F16), len(m.I8)}
	for q, l := range lens {
		want := int64(0)
		if Quant(q) == m.Quant {
			want = n
		}
		if int64(l) != want {
			return errorf(ErrInvalid, "%s matrix of %d×%d has %d %s elements", m.Quant, m.Rows, m.Cols, l, Quant(q))
		}
	}
	if m.Quant > QuantInt8 {
		return errorf(ErrInvalid, "unknown quantization %d", int(m.Quant))
	}
	want := 0
	if m.Quant == QuantInt8 {
		want = m.scaleLen()
	}
	if len(m.Scale) != want || len(m.Offset) != want {
		return errorf(ErrInvalid, "%s matrix of %d×%d has %d scales and %d offsets, want %d", m.Quant, m.Rows, m.Cols, len(m.Scale), len(m.Offset), want)
	}
	return nil
}

// scaleLen is the length of Scale and Offset for an int8 matrix.
func (m Matrix) scaleLen() int {
	if m.PerDim {
		return m.Cols
	}
	return m.Rows
}

// Row writes the dequantized row i into dst (grown if too small) and
// returns dst[:Cols]; it returns nil if i is out of range.
func (m Matrix) Row(i int, dst []float32) []float32 {
	if i < 0 || i >= m.Rows {
		return nil
	}
	if cap(dst) < m.Cols {
		dst = make([]float32, m.Cols)
	}
	dst = dst[:m.Cols]
	lo, hi := i*m.Cols, (i+1)*m.Cols
	switch m.Quant {
	case QuantF32:
		copy(dst, m.F32[lo:hi])
	case QuantF16:
		for j, h := range m.F16[lo:hi] {
			dst[j] = F16ToF32(h)
		}
	case QuantInt8:
		codes := m.I8[lo:hi]
		if m.PerDim {
			for j, c := range codes {
				dst[j] = m.Offset[j] + m.Scale[j]*float32(c)
			}
		} else {
			off, sc := m.Offset[i], m.Scale[i]
			for j, c := range codes {
				dst[j] = off + sc*float32(c)
			}
		}
	}
	return dst
}

// Bytes returns the payload size: codes plus scales and offsets.
func (m Matrix) Bytes() int64 {
	return int64(len(m.F32))*4 + int64(len(m.F16))*2 + int64(len(m.I8)) + int64(len(m.Scale)+len(m.Offset))*4
}
