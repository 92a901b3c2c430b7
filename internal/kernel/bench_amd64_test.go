//go:build amd64 && !purego

package kernel

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/viterin/vek/vek32"
)

// BenchmarkDotVekVsAsm compares vek's Dot with this package's dot loop (the one DotBatch runs) on
// one row. It backs the choice recorded in RATIONALE.md.
func BenchmarkDotVekVsAsm(b *testing.B) {
	if !cpu.hasAVX2Set() {
		b.Skip("no AVX2")
	}
	rng := rand.New(rand.NewPCG(2, 1))
	for _, d := range []int{16, 24, 48, 64, 100, 128, 768} {
		q, x := randFloats(rng, d), randFloats(rng, d)
		b.Run(fmt.Sprintf("dim=%d/impl=vek", d), func(b *testing.B) {
			for b.Loop() {
				sinkF32 = vek32.Dot(q, x)
			}
		})
		b.Run(fmt.Sprintf("dim=%d/impl=asm", d), func(b *testing.B) {
			var out [1]float32
			for b.Loop() {
				dotBatchAVX2(q, x, out[:])
				sinkF32 = out[0]
			}
		})
	}
}
