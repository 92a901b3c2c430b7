package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/internal/cputime"
)

// ref is the plain triple loop in float64.
func ref(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	for i := range m {
		for j := range n {
			var s float64
			for p := range k {
				var av, bv float32
				if transA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if transB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				s += float64(av) * float64(bv)
			}
			v := float64(alpha) * s
			if beta != 0 {
				v += float64(beta) * float64(c[i*ldc+j])
			}
			c[i*ldc+j] = float32(v)
		}
	}
}

func randSlice(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.NormFloat64())
	}
	return s
}

// withKernel runs fn with each micro-kernel this CPU supports.
func withKernel(t *testing.T, fn func(t *testing.T)) {
	for _, kern := range kernels {
		t.Run("impl="+kern.name, func(t *testing.T) {
			saved := active
			active = kern
			defer func() { active = saved }()
			fn(t)
		})
	}
}

func TestGemmMatchesReference(t *testing.T) {
	sizes := [][3]int{{1, 1, 1}, {3, 5, 7}, {12, 32, 16}, {13, 33, 1}, {25, 17, 300}, {97, 129, 257},
		{6, 16, 0}, {200, 70, 64}}
	withKernel(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(1, 2))
		for _, sz := range sizes {
			for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
				for _, ab := range [][2]float32{{1, 0}, {0.5, 1}, {-2, 0.25}, {0, 3}} {
					m, n, k := sz[0], sz[1], sz[2]
					name := fmt.Sprintf("m=%d/n=%d/k=%d/tA=%v/tB=%v/alpha=%v/beta=%v", m, n, k, tr[0], tr[1], ab[0], ab[1])
					lda, ldb, ldc := k+1, n+2, n+3
					if tr[0] {
						lda = m + 1
					}
					if tr[1] {
						ldb = k + 2
					}
					a := randSlice(rng, max(m, k)*lda)
					b := randSlice(rng, max(n, k)*ldb)
					c := randSlice(rng, m*ldc)
					want := append([]float32(nil), c...)
					ref(tr[0], tr[1], m, n, k, ab[0], a, lda, b, ldb, ab[1], want, ldc)
					Gemm(tr[0], tr[1], m, n, k, ab[0], a, lda, b, ldb, ab[1], c, ldc)
					for i := range c {
						require.InDelta(t, want[i], c[i], 1e-4*math.Sqrt(float64(k+1))*4, "%s: index %d", name, i)
					}
				}
			}
		}
	})
}

func TestGemmPackedMatchesGemm(t *testing.T) {
	withKernel(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(3, 4))
		for _, sz := range [][3]int{{1, 1, 1}, {13, 33, 7}, {50, 300, 600}, {30, 129, 257}} {
			for _, tr := range [][2]bool{{false, false}, {true, true}} {
				m, n, k := sz[0], sz[1], sz[2]
				lda, ldb := k, n
				if tr[0] {
					lda = m
				}
				if tr[1] {
					ldb = k
				}
				a := randSlice(rng, m*k)
				b := randSlice(rng, n*k)
				want := randSlice(rng, m*n)
				got := append([]float32(nil), want...)
				Gemm(tr[0], tr[1], m, n, k, 0.5, a, lda, b, ldb, 2, want, n)
				pb := PackB(make([]float32, PackedSize(k, n)), tr[1], k, n, b, ldb)
				GemmPacked(tr[0], m, 0.5, a, lda, pb, 2, got, n)
				require.Equal(t, want, got, "m=%d n=%d k=%d", m, n, k)
			}
		}
	})
}

func TestGemmBetaZeroIgnoresC(t *testing.T) {
	withKernel(t, func(t *testing.T) {
		a := []float32{1, 2, 3, 4} // 2×2
		c := make([]float32, 4)
		for i := range c {
			c[i] = float32(math.NaN())
		}
		Gemm(false, false, 2, 2, 2, 1, a, 2, a, 2, 0, c, 2)
		require.Equal(t, []float32{7, 10, 15, 22}, c)
	})
}

func TestGemmPanicsOnBadArguments(t *testing.T) {
	a := make([]float32, 4)
	require.PanicsWithValue(t, "gemm: len(a)=4 is too short for 3×2 with stride 2", func() {
		Gemm(false, false, 3, 2, 2, 1, a, 2, a, 2, 0, make([]float32, 6), 2)
	})
	require.Panics(t, func() { Gemm(false, false, 2, 2, 2, 1, a, 1, a, 2, 0, a, 2) })
	require.Panics(t, func() { Gemm(false, false, -1, 2, 2, 1, a, 2, a, 2, 0, a, 2) })
}

// The shapes of a two-tower step with batch 1024, dim 64, hidden 128.
var benchShapes = []struct {
	name    string
	tA, tB  bool
	m, n, k int
}{
	{"fwd1/m=1024/n=128/k=64", false, true, 1024, 128, 64},
	{"fwd2/m=1024/n=64/k=128", false, true, 1024, 64, 128},
	{"scores/m=1024/n=1024/k=64", false, true, 1024, 1024, 64},
	{"dU/m=1024/n=64/k=1024", false, false, 1024, 64, 1024},
	{"dV/m=1024/n=64/k=1024/tA", true, false, 1024, 64, 1024},
	{"dW1/m=128/n=64/k=1024/tA", true, false, 128, 64, 1024},
	{"dX2/m=1024/n=128/k=64", false, false, 1024, 128, 64},
}

func BenchmarkGemm(b *testing.B) {
	for _, kern := range kernels {
		for _, s := range benchShapes {
			b.Run(s.name+"/impl="+kern.name, func(b *testing.B) {
				saved := active
				active = kern
				defer func() { active = saved }()
				rng := rand.New(rand.NewPCG(1, 2))
				a := randSlice(rng, s.m*s.k)
				bb := randSlice(rng, s.n*s.k)
				c := make([]float32, s.m*s.n)
				lda, ldb := s.k, s.n
				if s.tA {
					lda = s.m
				}
				if s.tB {
					ldb = s.k
				}
				b.ReportAllocs()
				cpu0 := cputime.Seconds()
				for b.Loop() {
					Gemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, s.n)
				}
				flop := 2 * float64(s.m*s.n*s.k) * float64(b.N)
				b.ReportMetric(flop/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				if cpu := cputime.Seconds() - cpu0; cpu > 0 {
					b.ReportMetric(flop/cpu/1e9, "GFLOP/cpu-s")
				}
			})
		}
	}
}
