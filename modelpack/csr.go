package modelpack

import (
	"math"

	"github.com/corerec/corerec/internal/fmtlite"
)

// CSR holds sparse rows in compressed-sparse-row form, e.g. the items each
// user has seen. Row i is Indices[Indptr[i]:Indptr[i+1]]. A CSR read from a
// bundle is validated at open, so Row never goes out of bounds.
type CSR struct {
	Rows, Cols int
	Indptr     []uint32 // Rows+1 entries: 0, non-decreasing, last = len(Indices)
	Indices    []int32  // each in [0, Cols)
}

// NewCSR builds a CSR from per-row index lists.
func NewCSR(rows [][]int32, cols int) (CSR, error) {
	c := CSR{Rows: len(rows), Cols: cols, Indptr: make([]uint32, len(rows)+1)}
	for i, r := range rows {
		if uint64(len(c.Indices))+uint64(len(r)) > math.MaxUint32 {
			return CSR{}, errorf(ErrRange, "csr with more than %d entries", uint32(math.MaxUint32))
		}
		c.Indices = append(c.Indices, r...)
		c.Indptr[i+1] = uint32(len(c.Indices))
	}
	return c, c.Validate()
}

// Validate checks the invariants documented on the fields.
func (c CSR) Validate() error {
	if c.Rows < 0 || c.Rows >= math.MaxInt32 || c.Cols < 0 || c.Cols > math.MaxInt32 {
		return errorf(ErrInvalid, "csr of %d×%d", c.Rows, c.Cols)
	}
	if len(c.Indptr) != c.Rows+1 || c.Indptr[0] != 0 || uint64(c.Indptr[c.Rows]) != uint64(len(c.Indices)) {
		return errorf(ErrInvalid, "csr indptr of %d entries for %d rows and %d indices", len(c.Indptr), c.Rows, len(c.Indices))
	}
	for i := 1; i < len(c.Indptr); i++ {
		if c.Indptr[i] < c.Indptr[i-1] {
			return errorf(ErrInvalid, "csr indptr decreases at row %d", i-1)
		}
	}
	for k, v := range c.Indices {
		if v < 0 || int64(v) >= int64(c.Cols) {
			return errorf(ErrInvalid, "csr index %d at position %d outside [0, %d)", v, k, c.Cols)
		}
	}
	return nil
}

// Row returns a read-only view of row i (nil if i is out of range).
func (c CSR) Row(i int) []int32 {
	if i < 0 || i >= c.Rows {
		return nil
	}
	a, b := c.Indptr[i], c.Indptr[i+1]
	return c.Indices[a:b:b]
}

// NNZ returns the number of stored indices.
func (c CSR) NNZ() int { return len(c.Indices) }

// String describes the shape, for debugging.
func (c CSR) String() string {
	return fmtlite.Sprintf("CSR(%d×%d, nnz=%d)", c.Rows, c.Cols, len(c.Indices))
}
