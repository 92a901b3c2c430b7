//go:build !amd64

package runtime

import "math"

// The rankers' elementwise steps elsewhere (wasm above all), written for Go's wasm compiler: one pass,
// windows of four with the bounds checked once per window, and a ReLU without a branch (on activations
// of random sign a branch mispredicts half the time: the ReLU took an eighth of a DCN-v2 forward in the
// browser). Results equal amd64's bit for bit.

// crossUpdate computes xl += x0 ⊙ z over len(xl) values, each product rounded before the add (the
// conversion keeps a compiler from fusing them); z is scratch.
func crossUpdate(xl, x0, z []float32) {
	x0, z = x0[:len(xl)], z[:len(xl)]
	for len(xl) >= 4 {
		y, a, b := (*[4]float32)(xl), (*[4]float32)(x0), (*[4]float32)(z)
		y[0] += float32(a[0] * b[0])
		y[1] += float32(a[1] * b[1])
		y[2] += float32(a[2] * b[2])
		y[3] += float32(a[3] * b[3])
		xl, x0, z = xl[4:], x0[4:], z[4:]
	}
	for i := range xl {
		xl[i] += float32(x0[i] * z[i])
	}
}

// relu replaces every h[i] < 0 with 0; NaN and −0 stay.
func relu(h []float32) {
	for len(h) >= 4 {
		v := (*[4]float32)(h)
		v[0], v[1], v[2], v[3] = relu1(v[0]), relu1(v[1]), relu1(v[2]), relu1(v[3])
		h = h[4:]
	}
	for i, x := range h {
		h[i] = relu1(x)
	}
}

// relu1 is x < 0 ? 0 : x in integer arithmetic. As int32, the bits of the floats below zero (−0 and
// negative NaNs excluded) are exactly [−0x7fffffff, −0x800000]: the mask is all ones there.
func relu1(x float32) float32 {
	t := int64(int32(math.Float32bits(x)))
	mask := ^((t + 0x7fffffff) >> 63) & ((t + 0x800000 - 1) >> 63)
	return math.Float32frombits(math.Float32bits(x) &^ uint32(mask))
}
