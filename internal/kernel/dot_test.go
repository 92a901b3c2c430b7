package kernel

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// refDot returns the float64 dot product and Σ|a_i b_i|, which scales the allowed error.
func refDot(a []float32, x func(i int) float64) (dot, sumAbs float64) {
	for i, v := range a {
		p := float64(v) * x(i)
		dot += p
		sumAbs += abs64(p)
	}
	return dot, sumAbs
}

func TestDot(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for _, n := range testLengths(rng) {
			a, b := randFloats(rng, n), randFloats(rng, n+3) // b may be longer: only len(a) counts
			want, sumAbs := refDot(a, func(i int) float64 { return float64(b[i]) })
			got := Dot(a, b)
			require.InDelta(t, want, float64(got), sumBound(n, 1, sumAbs), "n=%d", n)
		}
	})
}

func TestDotPanicsOnShortB(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		require.Panics(t, func() { Dot(make([]float32, 9), make([]float32, 8)) })
	})
}

func TestDotBatch(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, d := range testLengths(rng) {
			for _, rows := range []int{0, 1, 2, 5} {
				q, m := randFloats(rng, d), randFloats(rng, rows*d)
				buf := make([]float32, rows+1)
				buf[rows] = 42 // sentinel: DotBatch writes len(out) results only
				DotBatch(q, m, buf[:rows])
				for r := range rows {
					want, sumAbs := refDot(q, func(i int) float64 { return float64(m[r*d+i]) })
					require.InDelta(t, want, float64(buf[r]), sumBound(d, 1, sumAbs), "d=%d row=%d", d, r)
				}
				require.Equal(t, float32(42), buf[rows])
			}
		}
	})
}

func TestSquaredL2(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(5, 6))
		for _, n := range testLengths(rng) {
			a, b := randFloats(rng, n), randFloats(rng, n)
			var want, sumAbs float64
			for i := range a {
				d := float64(a[i]) - float64(b[i])
				want += d * d
				sumAbs += d * d
			}
			// The float32 difference is rounded once and then squared: three extra roundings.
			require.InDelta(t, want, float64(SquaredL2(a, b)), sumBound(n, 3, sumAbs), "n=%d", n)
		}
	})
}

func TestAxpy(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(7, 8))
		for _, n := range testLengths(rng) {
			alpha := float32(rng.NormFloat64())
			x, y := randFloats(rng, n), randFloats(rng, n+2)
			y0 := append([]float32(nil), y...)
			Axpy(alpha, x, y)
			for i := range n {
				want := float64(y0[i]) + float64(alpha)*float64(x[i])
				tol := sumBound(2, 0, abs64(float64(alpha)*float64(x[i]))+abs64(float64(y0[i])))
				require.InDelta(t, want, float64(y[i]), tol, "n=%d i=%d", n, i)
			}
			require.Equal(t, y0[n:], y[n:], "Axpy must not write past len(x)")
		}
	})
}

func TestAxpySameSlice(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		x := []float32{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
		Axpy(2, x, x)
		require.Equal(t, []float32{3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33}, x)
	})
}

func TestScale(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(9, 10))
		for _, n := range testLengths(rng) {
			alpha := float32(rng.NormFloat64())
			x := randFloats(rng, n)
			want := make([]float32, n)
			for i, v := range x {
				want[i] = alpha * v // one correctly rounded product: every implementation agrees
			}
			Scale(alpha, x)
			require.Equal(t, want, x, "n=%d", n)
		}
	})
}

func TestSum(t *testing.T) {
	forEachImpl(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(11, 12))
		for _, n := range testLengths(rng) {
			x := randFloats(rng, n)
			var want, sumAbs float64
			for _, v := range x {
				want += float64(v)
				sumAbs += abs64(float64(v))
			}
			require.InDelta(t, want, float64(Sum(x)), sumBound(n, 0, sumAbs), "n=%d", n)
		}
	})
}

func TestImplementationsAgreeOnSmallIntegers(t *testing.T) {
	// Products and sums of small integers are exact in float32, so every implementation must
	// return exactly the same value whatever its order of summation.
	rng := rand.New(rand.NewPCG(13, 14))
	for _, n := range []int{0, 1, 7, 8, 31, 32, 33, 64, 100, 768} {
		a, b := make([]float32, n), make([]float32, n)
		var want float32
		for i := range a {
			a[i], b[i] = float32(rng.IntN(21)-10), float32(rng.IntN(21)-10)
			want += a[i] * b[i]
		}
		forEachImpl(t, func(t *testing.T) {
			require.Equal(t, want, Dot(a, b), fmt.Sprintf("n=%d", n))
		})
	}
}
