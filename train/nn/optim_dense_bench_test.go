package nn_test

import (
	"fmt"
	"testing"

	"github.com/corerec/corerec/train/nn"
)

// BenchmarkAdamDense updates one dense parameter: 16K values (cache-resident: the update's own cost) and
// 4.5M (LightGCN's layer-0 table on Gowalla: memory traffic too).
func BenchmarkAdamDense(b *testing.B) {
	for _, n := range []int{16 << 10, 4533696} {
		b.Run(fmt.Sprintf("values=%d", n), func(b *testing.B) {
			var ps nn.Params
			p := ps.Dense("w", n/64, 64)
			for i := range p.Grad {
				p.Grad[i] = float32(i%7-3) * 0.01
			}
			opt := nn.NewAdam(ps.All(), nn.AdamConfig{})
			for b.Loop() {
				opt.Step()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/value")
		})
	}
}
