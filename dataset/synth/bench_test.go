package synth_test

import (
	"fmt"
	"testing"

	"github.com/corerec/corerec/dataset/synth"
)

func BenchmarkGenerate(b *testing.B) {
	for _, users := range []int{2000, 20000} {
		b.Run(fmt.Sprintf("users=%d/items=1000/per_user=30", users), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				synth.Generate(synth.Config{Users: users})
			}
		})
	}
}
