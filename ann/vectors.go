package ann

import (
	"math"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/kernel"
)

// Storage says how the rows of a Vectors value are stored.
type Storage uint8

const (
	// F32 rows are float32, Dim values each, in Vectors.F32.
	F32 Storage = iota
	// F16 rows are IEEE half floats, Dim values each, in Vectors.F16.
	F16
	// Int8 rows are int8 codes, Dim values each, in Vectors.I8, with x ≈ Offset + Scale·code: one
	// Scale and Offset per row, or one per dimension when PerDim is set.
	Int8
)

// String returns "f32", "f16" or "int8".
func (s Storage) String() string {
	switch s {
	case F32:
		return "f32"
	case F16:
		return "f16"
	case Int8:
		return "int8"
	}
	return fmtlite.Sprintf("Storage(%d)", uint8(s))
}

// Vectors is a read-only view of N rows of Dim values in one of three storages. The slices are
// used in place, never copied: the caller keeps them alive and unchanged while an index uses them.
// Only the slice of the chosen Storage (and, for Int8, Scale and Offset) is read.
type Vectors struct {
	N, Dim  int
	Storage Storage
	F32     []float32 // N·Dim values, row-major (Storage F32)
	F16     []uint16  // N·Dim halves, row-major (Storage F16)
	I8      []int8    // N·Dim codes, row-major (Storage Int8)
	// Scale and Offset dequantize Int8 codes: N values each (per row), or Dim values each when
	// PerDim is set.
	Scale, Offset []float32
	PerDim        bool
}

// F32Vectors returns a Vectors view over n·dim float32 values, with n = len(data)/dim.
func F32Vectors(data []float32, dim int) Vectors {
	n := 0
	if dim > 0 {
		n = len(data) / dim
	}
	return Vectors{N: n, Dim: dim, Storage: F32, F32: data}
}

// Validate reports, as an error wrapping ErrVectors, the first inconsistency between the fields.
func (v *Vectors) Validate() error {
	if v.N < 0 || v.Dim <= 0 || v.N > math.MaxInt32 {
		return fmtlite.Errorf("%w: N=%d Dim=%d", ErrVectors, v.N, v.Dim)
	}
	if v.N > math.MaxInt/v.Dim {
		return fmtlite.Errorf("%w: N·Dim overflows", ErrVectors)
	}
	want := v.N * v.Dim
	var got int
	switch v.Storage {
	case F32:
		got = len(v.F32)
	case F16:
		got = len(v.F16)
	case Int8:
		got = len(v.I8)
		per := v.N
		if v.PerDim {
			per = v.Dim
		}
		if len(v.Scale) != per || len(v.Offset) != per {
			return fmtlite.Errorf("%w: int8 needs %d scales and offsets, have %d and %d",
				ErrVectors, per, len(v.Scale), len(v.Offset))
		}
	default:
		return fmtlite.Errorf("%w: unknown storage %d", ErrVectors, int(v.Storage))
	}
	if got < want {
		return fmtlite.Errorf("%w: %s storage holds %d values, need %d", ErrVectors, v.Storage, got, want)
	}
	return nil
}

// Row decodes row i into dst (len ≥ Dim) as float32 and returns dst[:Dim].
func (v *Vectors) Row(i int, dst []float32) []float32 {
	d := v.Dim
	dst = dst[:d]
	lo := i * d
	switch v.Storage {
	case F32:
		copy(dst, v.F32[lo:lo+d])
	case F16:
		kernel.DecodeF16(dst, v.F16[lo:lo+d])
	case Int8:
		codes := v.I8[lo : lo+d]
		if v.PerDim {
			for j, c := range codes {
				dst[j] = v.Offset[j] + v.Scale[j]*float32(c)
			}
		} else {
			off, sc := v.Offset[i], v.Scale[i]
			for j, c := range codes {
				dst[j] = off + sc*float32(c)
			}
		}
	}
	return dst
}

// Bytes returns the size of the stored rows and their quantization parameters, in bytes.
func (v *Vectors) Bytes() int {
	switch v.Storage {
	case F16:
		return 2 * v.N * v.Dim
	case Int8:
		return v.N*v.Dim + 4*(len(v.Scale)+len(v.Offset))
	}
	return 4 * v.N * v.Dim
}

// sameShape reports whether w has the same N and Dim as v.
func (v *Vectors) sameShape(w *Vectors) bool { return v.N == w.N && v.Dim == w.Dim }
