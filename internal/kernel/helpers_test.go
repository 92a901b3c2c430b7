package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// forEachImpl runs f once per implementation the CPU supports, as a subtest named impl=NAME.
func forEachImpl(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	for _, name := range Implementations() {
		t.Run("impl="+name, func(t *testing.T) {
			restore := SetImpl(name)
			defer restore()
			f(t)
		})
	}
}

// testLengths returns 0…67 (2·lanes+3 for 32-wide loops, plus every 8-wide and scalar tail) and
// a few random lengths up to 1000.
func testLengths(rng *rand.Rand) []int {
	var ns []int
	for n := 0; n <= 67; n++ {
		ns = append(ns, n)
	}
	for range 12 {
		ns = append(ns, 68+rng.IntN(933))
	}
	return ns
}

// sumBound is a rigorous bound on the rounding error of adding n float32 terms, each itself the
// result of at most extra roundings, in any order: γ(n+extra)·Σ|term| with u = 2⁻²⁴.
func sumBound(n, extra int, sumAbs float64) float64 {
	const u = 1.0 / (1 << 24)
	nu := float64(n+extra) * u
	return nu / (1 - nu) * sumAbs
}

func randFloats(rng *rand.Rand, n int) []float32 {
	x := make([]float32, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	return x
}

func randInt8s(rng *rand.Rand, n int) []int8 {
	x := make([]int8, n)
	for i := range x {
		x[i] = int8(rng.IntN(256) - 128)
	}
	return x
}

// randHalves returns finite halves, mostly of moderate magnitude, some subnormal.
func randHalves(rng *rand.Rand, n int) []uint16 {
	x := make([]uint16, n)
	for i := range x {
		h := uint16(rng.IntN(1 << 16))
		if h&0x7c00 == 0x7c00 { // Inf or NaN: keep the tests finite
			h &^= 0x4000
		}
		x[i] = h
	}
	return x
}

func isNaN32(f float32) bool { return f != f }

func abs64(x float64) float64 { return math.Abs(x) }
