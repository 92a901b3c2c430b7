package kernel

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

var benchDims = []int{64, 128, 768}

// benchImpls runs f once per implementation as sub-benchmarks named prefix/impl=NAME.
func benchImpls(b *testing.B, prefix string, f func(b *testing.B)) {
	for _, name := range Implementations() {
		b.Run(prefix+"impl="+name, func(b *testing.B) {
			defer SetImpl(name)()
			b.ReportAllocs()
			f(b)
		})
	}
}

var sinkF32 float32

func BenchmarkDot(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, d := range benchDims {
		q, x := randFloats(rng, d), randFloats(rng, d)
		benchImpls(b, fmt.Sprintf("dim=%d/", d), func(b *testing.B) {
			for b.Loop() {
				sinkF32 = Dot(q, x)
			}
		})
	}
}

func BenchmarkDotF16(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, d := range benchDims {
		q, x := randFloats(rng, d), randHalves(rng, d)
		benchImpls(b, fmt.Sprintf("dim=%d/", d), func(b *testing.B) {
			for b.Loop() {
				sinkF32 = DotF16(q, x)
			}
		})
	}
}

func BenchmarkDotInt8(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 3))
	for _, d := range benchDims {
		q, x := randFloats(rng, d), randInt8s(rng, d)
		benchImpls(b, fmt.Sprintf("dim=%d/", d), func(b *testing.B) {
			for b.Loop() {
				sinkF32 = DotInt8(q, x)
			}
		})
	}
}

// benchRows is the number of rows per DotBatch call: 1000 rows of dim 768 f32 (3 MB) still fit in L3.
const benchRows = 1000

// reportPerRow adds a ns/row metric, comparable with the single-row benchmarks.
func reportPerRow(b *testing.B, rows int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows), "ns/row")
}

func BenchmarkDotBatch(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 4))
	for _, d := range benchDims {
		q, rows, out := randFloats(rng, d), randFloats(rng, d*benchRows), make([]float32, benchRows)
		benchImpls(b, fmt.Sprintf("dim=%d/n=%d/", d, benchRows), func(b *testing.B) {
			for b.Loop() {
				DotBatch(q, rows, out)
			}
			reportPerRow(b, benchRows)
		})
	}
}

func BenchmarkDotBatchF16(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 5))
	for _, d := range benchDims {
		q, rows, out := randFloats(rng, d), randHalves(rng, d*benchRows), make([]float32, benchRows)
		benchImpls(b, fmt.Sprintf("dim=%d/n=%d/", d, benchRows), func(b *testing.B) {
			for b.Loop() {
				DotBatchF16(q, rows, out)
			}
			reportPerRow(b, benchRows)
		})
	}
}

func BenchmarkDotBatchInt8(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 6))
	for _, d := range benchDims {
		q, rows, out := randFloats(rng, d), randInt8s(rng, d*benchRows), make([]float32, benchRows)
		benchImpls(b, fmt.Sprintf("dim=%d/n=%d/", d, benchRows), func(b *testing.B) {
			for b.Loop() {
				DotBatchInt8(q, rows, out)
			}
			reportPerRow(b, benchRows)
		})
	}
}

// BenchmarkExactTop10 is a brute-force top-10 query: score every row, then select.
func BenchmarkExactTop10(b *testing.B) {
	const n, d = 100_000, 64
	rng := rand.New(rand.NewPCG(1, 7))
	q, f32 := randFloats(rng, d), randFloats(rng, n*d)
	f16, i8 := make([]uint16, n*d), randInt8s(rng, n*d)
	EncodeF16(f16, f32)
	scores := make([]float32, n)
	storages := []struct {
		name  string
		score func()
	}{
		{"f32", func() { DotBatch(q, f32, scores) }},
		{"f16", func() { DotBatchF16(q, f16, scores) }},
		{"int8", func() { DotBatchInt8(q, i8, scores) }},
	}
	for _, s := range storages {
		benchImpls(b, fmt.Sprintf("n=%d/dim=%d/storage=%s/", n, d, s.name), func(b *testing.B) {
			for b.Loop() {
				s.score()
				if len(SelectTopK(scores, 10, nil)) != 10 {
					b.Fatal("short result")
				}
			}
		})
	}
}

func BenchmarkSelectTopK(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 8))
	scores := randFloats(rng, 100_000)
	b.Run("n=100000/k=10", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			SelectTopK(scores, 10, nil)
		}
	})
}

func BenchmarkGemm(b *testing.B) {
	const m, n, k = 1024, 128, 64
	rng := rand.New(rand.NewPCG(1, 9))
	a, bm, c := randFloats(rng, m*k), randFloats(rng, k*n), make([]float32, m*n)
	for _, tr := range []struct {
		name           string
		transA, transB bool
	}{{"NN", false, false}, {"NT", false, true}, {"TN", true, false}, {"TT", true, true}} {
		lda, ldb := k, n
		if tr.transA {
			lda = m
		}
		if tr.transB {
			ldb = k
		}
		benchImpls(b, fmt.Sprintf("m=%d/n=%d/k=%d/trans=%s/", m, n, k, tr.name), func(b *testing.B) {
			for b.Loop() {
				Gemm(tr.transA, tr.transB, m, n, k, 1, a, lda, bm, ldb, 0, c, n)
			}
			b.ReportMetric(2*m*n*k*float64(b.N)/float64(b.Elapsed().Nanoseconds()), "GFLOP/s")
		})
	}
}
