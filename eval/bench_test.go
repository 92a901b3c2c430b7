package eval_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/corerec/corerec/eval"
)

// BenchmarkEvaluate ranks n items for 1,000 single-target cases with 20
// seen items each; the scorer copies a precomputed row, so the time is the
// ranking's.
func BenchmarkEvaluate(b *testing.B) {
	for _, n := range []int{1_000, 40_000} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("items=%d/cases=1000/workers=%d", n, workers), func(b *testing.B) {
				rng := rand.New(rand.NewPCG(1, 2))
				row := make([]float32, n)
				for i := range row {
					row[i] = rng.Float32()
				}
				s := eval.ScorerFunc(n, func(_ int32, out []float32) { copy(out, row) })
				cases := make([]eval.Case, 1000)
				for i := range cases {
					cases[i].Targets = []int32{int32(rng.IntN(n))}
					for range 20 {
						cases[i].Seen = append(cases[i].Seen, int32(rng.IntN(n)))
					}
				}
				b.ReportAllocs()
				for b.Loop() {
					if _, err := eval.Evaluate(context.Background(), s, cases, eval.Options{Workers: workers}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(cases)*n), "ns/item")
			})
		}
	}
}
