package modelpack

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCSRRoundTrip(t *testing.T) {
	rows := [][]int32{{3, 1}, nil, {0}, {4, 4, 2}}
	c, err := NewCSR(rows, 5)
	require.NoError(t, err)
	empty, err := NewCSR(nil, 0)
	require.NoError(t, err)
	b := NewBuilder(Manifest{})
	require.NoError(t, b.AddCSR("seen", c))
	require.NoError(t, b.AddCSR("none", CSR{}))
	require.NoError(t, b.AddCSR("empty", empty))
	bd := openT(t, build(t, b))
	got, err := bd.CSR("seen")
	require.NoError(t, err)
	require.Equal(t, 4, got.Rows)
	require.Equal(t, 5, got.Cols)
	require.Equal(t, 6, got.NNZ())
	for i, r := range rows {
		if len(r) == 0 {
			require.Empty(t, got.Row(i))
			continue
		}
		require.Equal(t, r, got.Row(i))
	}
	require.Nil(t, got.Row(4))
	require.Nil(t, got.Row(-1))
	require.Equal(t, "CSR(4×5, nnz=6)", got.String())
	none, err := bd.CSR("none")
	require.NoError(t, err)
	require.Zero(t, none.Rows)
}

func TestCSRValidate(t *testing.T) {
	tests := []struct {
		name string
		c    CSR
	}{
		{"short indptr", CSR{Rows: 2, Cols: 1, Indptr: []uint32{0, 0}}},
		{"first not zero", CSR{Rows: 1, Cols: 1, Indptr: []uint32{1, 1}, Indices: []int32{0}}},
		{"last not nnz", CSR{Rows: 1, Cols: 1, Indptr: []uint32{0, 2}, Indices: []int32{0}}},
		{"decreasing", CSR{Rows: 2, Cols: 2, Indptr: []uint32{0, 2, 1}, Indices: []int32{0}}},
		{"index too big", CSR{Rows: 1, Cols: 2, Indptr: []uint32{0, 1}, Indices: []int32{2}}},
		{"negative index", CSR{Rows: 1, Cols: 2, Indptr: []uint32{0, 1}, Indices: []int32{-1}}},
		{"negative rows", CSR{Rows: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.ErrorIs(t, tt.c.Validate(), ErrInvalid)
		})
	}
}

// FuzzCSR: whatever Validate accepts, every Row is in bounds and in range.
func FuzzCSR(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 1, 0, 0, 0}, []byte{2, 0, 0, 0}, 3)
	f.Fuzz(func(t *testing.T, indptr, indices []byte, cols int) {
		ip := u32s(indptr)
		idx := make([]int32, 0, len(indices)/4)
		for _, v := range u32s(indices) {
			idx = append(idx, int32(v))
		}
		c := CSR{Rows: len(ip) - 1, Cols: cols, Indptr: ip, Indices: idx}
		if c.Validate() != nil {
			return
		}
		for i := 0; i < c.Rows; i++ {
			for _, v := range c.Row(i) {
				if v < 0 || int(v) >= cols {
					t.Fatalf("row %d holds %d outside [0, %d)", i, v, cols)
				}
			}
		}
	})
}
