package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/corerec/corerec/internal/cputime"
)

// BenchmarkFullSoftmax is the SASRec loss of one step's worth of rows over ML-1M's catalog, forward and
// backward, per row-block size.
func BenchmarkFullSoftmax(b *testing.B) {
	const n, c, d = 4096, 3706, 64
	rng := rand.New(rand.NewPCG(1, 2))
	h, w := NewParam("h", n, d), NewParam("w", c, d)
	h.InitNormal(rng, 1)
	w.InitNormal(rng, 0.1)
	targets := make([]int32, n)
	for i := range targets {
		targets[i] = int32(rng.IntN(c))
	}
	saved := fullSoftmaxBlock
	defer func() { fullSoftmaxBlock = saved }()
	for _, blk := range []int{32, 64, 128, 256} {
		b.Run(fmt.Sprintf("rows=%d/classes=%d/dim=%d/block=%d", n, c, d, blk), func(b *testing.B) {
			fullSoftmaxBlock = blk
			tp := NewTape(Config{Workers: 1})
			b.ReportAllocs()
			cpu := cputime.Seconds()
			for b.Loop() {
				tp.Reset()
				loss := tp.FullSoftmax(tp.Param(h), tp.Param(w), targets, nil)
				if err := tp.Backward(loss); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cputime.Seconds()-cpu)/float64(b.N), "cpu-s/op")
		})
	}
}
