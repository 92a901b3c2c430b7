package kernel

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSoftmaxMasked(t *testing.T) {
	a := make([]float32, 3)
	SoftmaxMasked([]float32{1, 100, 1}, []float32{1, 0, 1}, a)
	require.InDeltaSlice(t, []float32{0.5, 0, 0.5}, a, 1e-7, "masked entries take no mass")
	SoftmaxMasked([]float32{0, 0, 0}, []float32{0, 0, 0}, a)
	require.Equal(t, []float32{0, 0, 0}, a, "no entry set")
	SoftmaxMasked([]float32{0, 1, 2}, []float32{1, 1, 1}, a)
	require.InDelta(t, 1, a[0]+a[1]+a[2], 1e-6)
	require.Greater(t, a[2], a[1])
}
