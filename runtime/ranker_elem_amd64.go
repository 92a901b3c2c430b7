package runtime

import "github.com/viterin/vek/vek32"

// The rankers' elementwise steps on amd64: vek's AVX2 loops (two AVX2 passes beat one scalar pass).

// crossUpdate computes xl += x0 ⊙ z over len(xl) values, each product rounded before the add; z is
// scratch (left holding x0 ⊙ z).
func crossUpdate(xl, x0, z []float32) {
	if len(xl) == 0 {
		return
	}
	vek32.Mul_Inplace(z[:len(xl)], x0[:len(xl)])
	vek32.Add_Inplace(xl, z[:len(xl)])
}

// relu replaces every h[i] < 0 with 0; NaN and −0 stay.
func relu(h []float32) {
	if len(h) > 0 {
		vek32.MaximumNumber_Inplace(h, 0)
	}
}
