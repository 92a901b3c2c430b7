package gemm

import (
	"math/rand/v2"
	"testing"

	"github.com/corerec/corerec/internal/cputime"
	kern "github.com/corerec/corerec/internal/kernel"
)

// BenchmarkKernelGemm runs internal/kernel.Gemm on BenchmarkGemm's shapes, for comparison.
func BenchmarkKernelGemm(b *testing.B) {
	for _, s := range benchShapes {
		b.Run(s.name+"/impl=kernel."+kern.Impl(), func(b *testing.B) {
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
				kern.Gemm(s.tA, s.tB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, s.n)
			}
			flop := 2 * float64(s.m*s.n*s.k) * float64(b.N)
			if cpu := cputime.Seconds() - cpu0; cpu > 0 {
				b.ReportMetric(flop/cpu/1e9, "GFLOP/cpu-s")
			}
		})
	}
}
