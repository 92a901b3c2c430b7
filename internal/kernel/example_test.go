package kernel_test

import (
	"fmt"

	"github.com/corerec/corerec/internal/kernel"
)

// Brute-force retrieval: score every item against a query, keep the best two.
func ExampleSelectTopK() {
	const dim = 4
	items := []float32{
		1, 0, 0, 0,
		0, 1, 0, 0,
		0.5, 0.5, 0, 0,
		1, 1, 0, 0,
	}
	query := []float32{1, 2, 0, 0}
	scores := make([]float32, len(items)/dim)
	kernel.DotBatch(query, items, scores)
	for _, s := range kernel.SelectTopK(scores, 2, nil) {
		fmt.Printf("item %d score %.1f\n", s.Index, s.Score)
	}
	// Output:
	// item 3 score 3.0
	// item 1 score 2.0
}

// An int8 row stores x ≈ offset + scale*code; the dot product with a float query is recovered from
// DotInt8 and the query's sum.
func ExampleDotInt8() {
	query := []float32{1, 2, 3}
	codes := []int8{-128, 0, 127}
	const scale, offset = 0.01, 1.0 // row values ≈ 1 + 0.01*code = -0.28, 1, 2.27
	dot := offset*kernel.Sum(query) + scale*kernel.DotInt8(query, codes)
	fmt.Printf("%.2f\n", dot)
	// Output: 8.53
}

func ExampleF32ToF16() {
	for _, f := range []float32{1, 65504, 65520, 1e-8} {
		h := kernel.F32ToF16(f)
		fmt.Printf("%g -> %#04x -> %g\n", f, h, kernel.F16ToF32(h))
	}
	// Output:
	// 1 -> 0x3c00 -> 1
	// 65504 -> 0x7bff -> 65504
	// 65520 -> 0x7c00 -> +Inf
	// 1e-08 -> 0x0000 -> 0
}

func ExampleTopK() {
	top := kernel.NewTopK(2)
	for i, s := range []float32{0.3, 0.9, 0.1, 0.9, 0.5} {
		top.Push(int32(i), s)
	}
	fmt.Println(top.Sorted(nil))
	// Output: [{1 0.9} {3 0.9}]
}

// C = A·B for a 2×3 and a 3×2 matrix, row-major.
func ExampleGemm() {
	a := []float32{1, 2, 3, 4, 5, 6}
	b := []float32{1, 0, 0, 1, 1, 1}
	c := make([]float32, 4)
	kernel.Gemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2)
	fmt.Println(c)
	// Output: [4 5 10 11]
}
