package eval

import "github.com/corerec/corerec/dataset"

// Popularity returns a Scorer that scores every item by its number of
// training interactions in split (the same list for every user).
func Popularity(split dataset.Split) Scorer {
	counts := make([]float32, split.NumItems)
	for _, items := range split.Train {
		for _, i := range items {
			counts[i]++
		}
	}
	return popularity(counts)
}

type popularity []float32

func (p popularity) NumItems() int                { return len(p) }
func (p popularity) Score(_ int32, out []float32) { copy(out, p) }

// Random returns a Scorer of deterministic pseudo-random scores in [0, 1),
// a function of (seed, user, item): the chance-level baseline.
func Random(numItems int, seed uint64) Scorer {
	return random{n: numItems, seed: seed}
}

type random struct {
	n    int
	seed uint64
}

func (r random) NumItems() int { return r.n }

func (r random) Score(user int32, out []float32) {
	base := splitmix(r.seed ^ uint64(uint32(user))<<32)
	for i := range out[:r.n] {
		out[i] = float32(splitmix(base+uint64(i))>>40) / (1 << 24)
	}
}

// splitmix is the SplitMix64 finaliser.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}
