package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// refGemm computes alpha*op(A)*op(B) + beta*C in float64 and the error bound for each entry.
func refGemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) (want, tol []float64) {
	at := func(i, p int) float64 {
		if transA {
			return float64(a[p*lda+i])
		}
		return float64(a[i*lda+p])
	}
	bt := func(p, j int) float64 {
		if transB {
			return float64(b[j*ldb+p])
		}
		return float64(b[p*ldb+j])
	}
	want, tol = make([]float64, m*n), make([]float64, m*n)
	for i := range m {
		for j := range n {
			var s, sAbs float64
			for p := range k {
				s += at(i, p) * bt(p, j)
				sAbs += math.Abs(at(i, p) * bt(p, j))
			}
			var cij float64
			if beta != 0 {
				cij = float64(beta) * float64(c[i*ldc+j])
			}
			want[i*n+j] = float64(alpha)*s + cij
			tol[i*n+j] = sumBound(k+4, 2, math.Abs(float64(alpha))*sAbs+math.Abs(cij))
		}
	}
	return want, tol
}

func TestGemm(t *testing.T) {
	type shape struct{ m, n, k, pad int }
	shapes := []shape{{0, 0, 0, 0}, {1, 1, 1, 0}, {3, 5, 0, 0}, {2, 3, 4, 1}, {7, 9, 33, 3},
		{17, 70, 130, 0}, {5, 600, 20, 2}, {300, 5, 7, 0}, {3, 140, 300, 0}, {4, 130, 520, 1}}
	rng := rand.New(rand.NewPCG(51, 52))
	forEachImpl(t, func(t *testing.T) {
		for _, s := range shapes {
			for _, tr := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
				for _, ab := range [][2]float32{{1, 0}, {-0.5, 1}, {2, 0.25}, {0, 3}} {
					name := fmt.Sprintf("m=%d/n=%d/k=%d/pad=%d/trans=%v/alpha=%v/beta=%v",
						s.m, s.n, s.k, s.pad, tr, ab[0], ab[1])
					checkGemmCase(t, rng, name, tr[0], tr[1], s.m, s.n, s.k, s.pad, ab[0], ab[1])
				}
			}
		}
	})
}

func checkGemmCase(t *testing.T, rng *rand.Rand, name string, transA, transB bool,
	m, n, k, pad int, alpha, beta float32) {
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	lda, ldb, ldc := colsA+pad, colsB+pad, n+pad
	a, b, c := randFloats(rng, rowsA*lda), randFloats(rng, rowsB*ldb), randFloats(rng, m*ldc)
	if beta == 0 {
		for i := range c {
			c[i] = float32(math.NaN()) // beta == 0 must not read C
		}
	}
	want, tol := refGemm(transA, transB, m, n, k, alpha, a, max(lda, 1), b, max(ldb, 1), beta, c, max(ldc, 1))
	c0 := append([]float32(nil), c...)
	Gemm(transA, transB, m, n, k, alpha, a, max(lda, 1), b, max(ldb, 1), beta, c, max(ldc, 1))
	for i := range m {
		for j := range n {
			require.InDelta(t, want[i*n+j], float64(c[i*max(ldc, 1)+j]), tol[i*n+j], "%s C[%d,%d]", name, i, j)
		}
		for j := n; j < ldc; j++ { // padding between rows is untouched
			require.Equal(t, math.Float32bits(c0[i*ldc+j]), math.Float32bits(c[i*ldc+j]), "%s pad", name)
		}
	}
}

func TestGemmPanicsOnBadShapes(t *testing.T) {
	a, b, c := make([]float32, 6), make([]float32, 6), make([]float32, 4)
	require.NotPanics(t, func() { Gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2) })
	tests := map[string]func(){
		"negative m":     func() { Gemm(false, false, -1, 2, 3, 1, a, 3, b, 2, 0, c, 2) },
		"lda too small":  func() { Gemm(false, false, 2, 2, 3, 1, a, 2, b, 2, 0, c, 2) },
		"a too short":    func() { Gemm(false, false, 2, 2, 3, 1, a[:5], 3, b, 2, 0, c, 2) },
		"b too short":    func() { Gemm(false, false, 2, 2, 3, 1, a, 3, b[:5], 2, 0, c, 2) },
		"c too short":    func() { Gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c[:3], 2) },
		"ldb for transB": func() { Gemm(false, true, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2) },
	}
	for name, f := range tests {
		t.Run(name, func(t *testing.T) { require.Panics(t, f) })
	}
}

func TestGemmConcurrent(t *testing.T) {
	// Gemm shares pooled scratch buffers between calls: concurrent calls must not see each other's.
	const m, n, k, workers = 9, 150, 270, 4
	rng := rand.New(rand.NewPCG(53, 54))
	a, b := randFloats(rng, m*k), randFloats(rng, k*n)
	want := make([]float32, m*n)
	Gemm(false, false, m, n, k, 1, a, k, b, n, 0, want, n)
	errs := make(chan error, workers)
	for range workers {
		go func() {
			c := make([]float32, m*n)
			for range 20 {
				Gemm(false, false, m, n, k, 1, a, k, b, n, 0, c, n)
				for i := range c {
					if c[i] != want[i] {
						errs <- fmt.Errorf("C[%d] = %v, want %v", i, c[i], want[i])
						return
					}
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		require.NoError(t, <-errs)
	}
}
