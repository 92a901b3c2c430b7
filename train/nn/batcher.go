package nn

import (
	"fmt"
	"math/rand/v2"
)

// BatcherConfig configures a Batcher.
type BatcherConfig struct {
	// BatchSize is the number of examples per batch (default 1024).
	BatchSize int
	// Seed seeds the shuffles: epoch e's order depends only on (Seed, e).
	Seed uint64
	// DropLast drops the last, short batch of an epoch (useful for in-batch negatives, where a
	// tiny batch makes an easy, noisy step).
	DropLast bool
	// NoShuffle keeps examples in order (for evaluation).
	NoShuffle bool
}

// Batcher hands out mini-batches of example indices 0…n−1, reshuffled every epoch by a seeded
// permutation, so a training run is reproducible from its seed. Not safe for concurrent use.
type Batcher struct {
	cfg   BatcherConfig
	perm  []int32
	pos   int
	epoch int
	batch []int32
}

// NewBatcher returns a Batcher over n examples, positioned before the first batch of epoch 0.
func NewBatcher(n int, cfg BatcherConfig) *Batcher {
	if n < 0 || int64(n) > 1<<31-1 {
		panic(fmt.Sprintf("nn: NewBatcher: %d examples", n))
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 1024
	}
	b := &Batcher{cfg: cfg, perm: make([]int32, n), epoch: -1}
	b.startEpoch()
	return b
}

func (b *Batcher) startEpoch() {
	b.epoch++
	b.pos = 0
	for i := range b.perm {
		b.perm[i] = int32(i)
	}
	if !b.cfg.NoShuffle {
		rng := rand.New(rand.NewPCG(b.cfg.Seed, uint64(b.epoch)))
		rng.Shuffle(len(b.perm), func(i, j int) { b.perm[i], b.perm[j] = b.perm[j], b.perm[i] })
	}
}

// Next advances to the next batch of the current epoch and reports whether there is one. After
// it returns false (end of epoch) the next call starts the following epoch.
func (b *Batcher) Next() bool {
	left := len(b.perm) - b.pos
	if left == 0 || (b.cfg.DropLast && left < b.cfg.BatchSize) {
		b.batch = nil
		b.startEpoch()
		return false
	}
	size := min(left, b.cfg.BatchSize)
	b.batch = b.perm[b.pos : b.pos+size]
	b.pos += size
	return true
}

// Batch returns the current batch's example indices; valid until the next call to Next.
func (b *Batcher) Batch() []int32 { return b.batch }

// Epoch is the number of the epoch Next is walking (0 first).
func (b *Batcher) Epoch() int { return b.epoch }

// Batches is the number of batches per epoch.
func (b *Batcher) Batches() int {
	n := len(b.perm) / b.cfg.BatchSize
	if !b.cfg.DropLast && len(b.perm)%b.cfg.BatchSize != 0 {
		n++
	}
	return n
}
