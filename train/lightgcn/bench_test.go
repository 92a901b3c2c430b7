package lightgcn

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/internal/cputime"
)

// gowallaPath is the LightGCN Gowalla training file; the benchmarks that need it skip without it.
const gowallaPath = "/work/shared/data/gowalla/train.txt"

func loadGowalla(b *testing.B) Input {
	b.Helper()
	if _, err := os.Stat(gowallaPath); err != nil {
		b.Skip("no Gowalla data at " + gowallaPath)
	}
	ds, err := dataset.Load(gowallaPath, dataset.LoadOptions{Format: dataset.FormatSequences})
	if err != nil {
		b.Fatal(err)
	}
	return Input{NumUsers: ds.Users.Len(), NumItems: ds.Items.Len(), Train: ds.Sequences()}
}

// syntheticGraph is a bipartite graph of Gowalla's size with skewed item popularity.
func syntheticGraph(users, items, perUser int) [][]int32 {
	r := rand.New(rand.NewPCG(1, 2))
	z := rand.NewZipf(r, 1.1, 8, uint64(items-1))
	train := make([][]int32, users)
	for u := range train {
		for range perUser {
			train[u] = append(train[u], int32(z.Uint64()))
		}
	}
	return train
}

// One full Â·X product on a graph of Gowalla's size (29,858 users, 40,981 items, ~1.5M stored entries).
func BenchmarkMul(b *testing.B) {
	users, items := 29858, 40981
	a, err := NewAdjacency(users, items, syntheticGraph(users, items, 27))
	if err != nil {
		b.Fatal(err)
	}
	for _, dim := range []int{64} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("dim=%d/nnz=%d/workers=%d", dim, a.NNZ(), workers), func(b *testing.B) {
				x := randomMatrix(a.Nodes()*dim, 1)
				dst := make([]float32, len(x))
				b.ReportAllocs()
				b.SetBytes(int64(a.NNZ() * dim * 4))
				c0 := cputime.Seconds()
				for b.Loop() {
					a.mul(dst, x, nil, dim, workers)
				}
				b.ReportMetric((cputime.Seconds()-c0)*1e3/float64(b.N), "cpu-ms/op")
			})
		}
	}
}

// One training step (batch 2048, dim 64, 3 layers: forward, BPR, backward, Adam) on Gowalla, its batches
// consecutive training pairs (so from a few dozen users each).
func BenchmarkStepGowalla(b *testing.B) {
	benchSteps(b, func(t *trainer, _ *rand.Rand) []pair { return t.pairs })
}

// One training step as training runs it: batches of the epoch's sampled pairs (uniform users, as
// Sampling "users"), so a batch holds ~2,000 distinct users.
func BenchmarkStepGowallaSampled(b *testing.B) {
	benchSteps(b, (*trainer).epochPairs)
}

// benchSteps times steps over consecutive batches of 2,048 of the pairs that pairs returns.
func benchSteps(b *testing.B, pairs func(*trainer, *rand.Rand) []pair) {
	in := loadGowalla(b)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("dim=64/layers=3/batch=2048/workers=%d", workers), func(b *testing.B) {
			t, err := newTrainer(in, Config{Workers: workers}.WithDefaults())
			if err != nil {
				b.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(1, 1))
			ps := pairs(t, rng)
			b.ReportAllocs()
			k := 0
			c0 := cputime.Seconds()
			for b.Loop() {
				lo := (k * 2048) % (len(ps) - 2048)
				t.step(ps[lo:lo+2048], rng)
				k++
			}
			b.ReportMetric((cputime.Seconds()-c0)*1e3/float64(b.N), "cpu-ms/op")
		})
	}
}
