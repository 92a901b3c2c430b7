package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// AliasSampler draws item indices in O(1) from a fixed discrete distribution (Walker's alias
// method, Vose's construction). It is immutable after NewAliasSampler and safe for concurrent
// use with one *rand.Rand per goroutine.
type AliasSampler struct {
	prob  []float64 // probability of keeping column i in its bucket
	alias []int32
	logQ  []float32 // log of each item's probability
}

// NewAliasSampler builds a sampler proportional to weights (non-negative, finite, positive
// sum). It returns an error wrapping ErrBadWeights otherwise.
func NewAliasSampler(weights []float64) (*AliasSampler, error) {
	n := len(weights)
	if n == 0 || n > math.MaxInt32 {
		return nil, fmt.Errorf("%w: %d weights", ErrBadWeights, n)
	}
	var total float64
	for i, w := range weights {
		if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("%w: weight %d is %v", ErrBadWeights, i, w)
		}
		total += w
	}
	if total <= 0 || math.IsInf(total, 0) {
		return nil, fmt.Errorf("%w: weights sum to %v", ErrBadWeights, total)
	}
	s := &AliasSampler{prob: make([]float64, n), alias: make([]int32, n), logQ: make([]float32, n)}
	scaled := make([]float64, n)
	var small, large []int32
	for i, w := range weights {
		s.logQ[i] = float32(math.Log(w / total))
		scaled[i] = w / total * float64(n)
		if scaled[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	for len(small) > 0 && len(large) > 0 {
		l, g := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		s.prob[l], s.alias[l] = scaled[l], g
		scaled[g] -= 1 - scaled[l]
		if scaled[g] < 1 {
			large = large[:len(large)-1]
			small = append(small, g)
		}
	}
	for _, i := range append(small, large...) { // leftovers are 1 up to rounding
		s.prob[i], s.alias[i] = 1, i
	}
	return s, nil
}

// PopularityWeights returns count^alpha for each count (alpha 0.75 is word2vec's choice;
// 1 samples by raw popularity, 0 uniformly).
func PopularityWeights(counts []int, alpha float64) []float64 {
	w := make([]float64, len(counts))
	for i, c := range counts {
		w[i] = math.Pow(float64(max(c, 0)), alpha)
	}
	return w
}

// Len is the number of items.
func (s *AliasSampler) Len() int { return len(s.prob) }

// Sample draws one item.
func (s *AliasSampler) Sample(rng *rand.Rand) int32 {
	i := rng.IntN(len(s.prob))
	if rng.Float64() < s.prob[i] {
		return int32(i)
	}
	return s.alias[i]
}

// SampleN fills dst with independent draws.
func (s *AliasSampler) SampleN(rng *rand.Rand, dst []int32) {
	for i := range dst {
		dst[i] = s.Sample(rng)
	}
}

// LogQ returns log q(item), the log-probability of drawing item.
func (s *AliasSampler) LogQ(item int32) float32 { return s.logQ[item] }

// LogQs writes log q of each item into dst (len(items) values) and returns it.
func (s *AliasSampler) LogQs(items []int32, dst []float32) []float32 {
	dst = dst[:len(items)]
	for i, it := range items {
		dst[i] = s.logQ[it]
	}
	return dst
}
