package runtime

import (
	"testing"

	"github.com/corerec/corerec/internal/kernel"
)

// BenchmarkRankGemmShapes compares ways to run a DCN cross layer's multiply (a chunk of 128
// candidates, d = 98 as on MovieLens 100K) with the kernels the runtime may use.
func BenchmarkRankGemmShapes(b *testing.B) {
	const m, n, k = 128, 98, 98
	x := make([]float32, m*k)
	w := make([]float32, n*k)
	wt := make([]float32, k*n)
	c := make([]float32, m*n)
	for i := range x {
		x[i] = float32(i%7) * 0.1
	}
	for i := range w {
		w[i] = float32(i%5) * 0.1
	}
	flops := float64(2 * m * n * k)
	b.Run("shape=128x98x98/impl=kernel-NT", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			kernel.Gemm(false, true, m, n, k, 1, x, k, w, k, 0, c, n)
		}
		b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	})
	b.Run("shape=128x98x98/impl=kernel-NN", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			kernel.Gemm(false, false, m, n, k, 1, x, k, wt, n, 0, c, n)
		}
		b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	})
	b.Run("shape=128x98x98/impl=axpy-rows", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			for i := range m {
				row := c[i*n : (i+1)*n]
				clear(row)
				for j, v := range x[i*k : (i+1)*k] {
					kernel.Axpy(v, wt[j*n:(j+1)*n], row)
				}
			}
		}
		b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	})
}
