package seq

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/corerec/corerec/internal/cputime"
)

// BenchmarkStep is one training step of the speed comparison with PyTorch (bench/seq/sasrec_step.py):
// batch 128, full windows of 200 items over a 3,706-item catalog, dim 64, 2 blocks, 1 head, full-catalog
// cross-entropy.
func BenchmarkStep(b *testing.B) {
	for _, model := range []string{SASRec, BERT4Rec} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("model=%s/batch=128/len=200/dim=64/workers=%d", model, workers), func(b *testing.B) {
				const items, users = 3706, 128
				rng := rand.New(rand.NewPCG(1, 2))
				train := make([][]int32, users)
				for u := range train {
					for range 201 {
						train[u] = append(train[u], int32(rng.IntN(items)))
					}
				}
				m, err := New(items, Config{Model: model, Heads: 1, FFNDim: 64, Workers: workers})
				if err != nil {
					b.Fatal(err)
				}
				t, err := newTrainer(m, Input{NumItems: items, Train: train})
				if err != nil {
					b.Fatal(err)
				}
				batch := t.windows[:users] // each user's one window of 201 items
				for range 2 {              // the first step sizes the tape's arena, the second allocates it
					if _, err := t.step(batch); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportAllocs()
				b.ResetTimer()
				cpu := cputime.Seconds()
				for range b.N {
					if _, err := t.step(batch); err != nil {
						b.Fatal(err)
					}
				}
				if c := cputime.Seconds() - cpu; c > 0 {
					b.ReportMetric(c/float64(b.N), "cpu-s/op")
				}
			})
		}
	}
}
