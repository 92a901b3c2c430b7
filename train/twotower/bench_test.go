package twotower

import (
	"fmt"
	"math/rand/v2"
	goruntime "runtime"
	"testing"

	"github.com/corerec/corerec/internal/cputime"
)

// benchConfig is issue 3's speed configuration, mirrored by train/nn/testdata/twotower_step.py:
// 6,040 users × 3,706 items, ID embeddings of dim 64, towers 64→128 (ReLU)→64, L2-normalised, batch
// 1024, in-batch softmax with τ = 0.05 and no log-Q correction (the PyTorch script has none), Adam
// lr 1e-3 (lazy row-sparse for the tables).
func benchConfig(threads int) (Input, Config) {
	const users, items, batch = 6040, 3706, 1024
	rng := rand.New(rand.NewPCG(1, 2))
	in := Input{NumUsers: users, NumItems: items, Train: make([][]int32, users)}
	for range 64 * batch { // 64 batches of uniform random pairs, as the PyTorch script draws them
		u := rng.IntN(users)
		in.Train[u] = append(in.Train[u], int32(rng.IntN(items)))
	}
	tower := TowerConfig{Hidden: []int{128}}
	return in, Config{Dim: 64, User: tower, Item: tower, Temperature: 0.05, LogQ: -1, BatchSize: batch,
		LearningRate: 1e-3, InitStd: 1, Workers: threads, Seed: 1}
}

// BenchmarkTrainStep times the trainer's step (batch assembly, both towers forward and backward, the
// fused loss, Adam) on issue 3's configuration; bench/twotower/run.sh runs it beside PyTorch.
func BenchmarkTrainStep(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			defer goruntime.GOMAXPROCS(goruntime.GOMAXPROCS(threads))
			in, cfg := benchConfig(threads)
			t, err := newTrainer(in, cfg.WithDefaults())
			if err != nil {
				b.Fatal(err)
			}
			next := func() []int32 {
				if !t.batches.Next() {
					t.batches.Next()
				}
				return t.batches.Batch()
			}
			for range 3 { // warm the tape's arena
				if _, err := t.step(next()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			cpu0 := cputime.Seconds()
			b.ResetTimer()
			for b.Loop() {
				if _, err := t.step(next()); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			ex := float64(b.N * cfg.BatchSize)
			b.ReportMetric(ex/b.Elapsed().Seconds(), "examples/s")
			if cpu := cputime.Seconds() - cpu0; cpu > 0 {
				b.ReportMetric(ex/cpu, "examples/cpu-s")
			}
		})
	}
}
