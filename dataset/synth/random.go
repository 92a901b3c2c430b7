package synth

import (
	"math"
	"math/rand/v2"
)

// source draws the distributions Generate needs from a PCG stream, with
// formulas of its own so that a seed gives the same data on every Go
// release (math/rand/v2 does not promise stable derived streams).
type source struct{ pcg *rand.PCG }

func newSource(seed int64, stream uint64) *source {
	return &source{pcg: rand.NewPCG(uint64(seed), stream)}
}

// float64 returns a uniform value in [0, 1).
func (s *source) float64() float64 { return float64(s.pcg.Uint64()>>11) / (1 << 53) }

// intn returns a uniform value in [0, n) (modulo bias below 2^-40 for the
// sizes used here).
func (s *source) intn(n int) int { return int(s.pcg.Uint64() % uint64(n)) }

// exp returns an exponential value with mean 1.
func (s *source) exp() float64 { return -math.Log(1 - s.float64()) }

// normal returns a standard normal value (Box–Muller).
func (s *source) normal() float64 {
	u := 1 - s.float64()
	return math.Sqrt(-2*math.Log(u)) * math.Cos(2*math.Pi*s.float64())
}

// gamma returns a Gamma(shape, 1) value (Marsaglia–Tsang; shape < 1 boosted).
func (s *source) gamma(shape float64) float64 {
	if shape < 1 {
		return s.gamma(shape+1) * math.Pow(1-s.float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := s.normal()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := 1 - s.float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// dirichlet fills out with a Dirichlet(alpha, ..., alpha) draw.
func (s *source) dirichlet(out []float64, alpha float64) {
	sum := 0.0
	for i := range out {
		out[i] = s.gamma(alpha)
		sum += out[i]
	}
	if sum == 0 { // every draw underflowed: fall back to uniform
		for i := range out {
			out[i] = 1
		}
		sum = float64(len(out))
	}
	for i := range out {
		out[i] /= sum
	}
}

// pick returns an index drawn with probability proportional to cum's
// increments (cum is a cumulative sum, cum[len-1] > 0).
func (s *source) pick(cum []float64) int {
	u := s.float64() * cum[len(cum)-1]
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if cum[m] > u {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}
