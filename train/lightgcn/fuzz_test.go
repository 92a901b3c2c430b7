package lightgcn

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// NewAdjacency never panics on arbitrary interaction lists (out-of-range or negative items, empty users):
// it returns an error or a symmetric matrix whose rows have the nodes' degrees.
func FuzzNewAdjacency(f *testing.F) {
	f.Add(uint8(3), uint8(4), []byte{0, 1, 2, 3, 255, 1, 1})
	f.Add(uint8(1), uint8(1), []byte{0})
	f.Add(uint8(2), uint8(2), []byte{})
	f.Fuzz(func(t *testing.T, users, items uint8, raw []byte) {
		nu, ni := int(users%16), int(items%16)
		train := make([][]int32, nu)
		for k, b := range raw {
			if nu == 0 {
				break
			}
			train[k%nu] = append(train[k%nu], int32(int8(b))) // negative and too-large items included
		}
		a, err := NewAdjacency(nu, ni, train)
		if err != nil {
			return
		}
		val := map[[2]int32]float32{}
		for r := range a.Nodes() {
			for k := a.RowPtr[r]; k < a.RowPtr[r+1]; k++ {
				val[[2]int32{int32(r), a.Col[k]}] = a.Val[k]
			}
		}
		for rc, v := range val {
			require.Equal(t, v, val[[2]int32{rc[1], rc[0]}])
		}
	})
}
