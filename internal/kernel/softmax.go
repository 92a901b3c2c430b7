package kernel

import "math"

// SoftmaxMasked writes into a the softmax of s over the entries whose mask is non-zero, 0 elsewhere (all 0
// when no entry is set), accumulating in float64. The trainer's fusion op and the runtime's item tower both
// call it, so their fused vectors agree bit for bit.
func SoftmaxMasked(s, mask, a []float32) {
	hi := float32(math.Inf(-1))
	for k, v := range s {
		if mask[k] != 0 {
			hi = max(hi, v)
		}
	}
	var sum float64
	for k, v := range s {
		a[k] = 0
		if mask[k] != 0 {
			e := math.Exp(float64(v - hi))
			a[k] = float32(e)
			sum += e
		}
	}
	if sum == 0 {
		return
	}
	inv := float32(1 / sum)
	for k := range a {
		a[k] *= inv
	}
}
