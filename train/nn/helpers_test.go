package nn_test

import (
	"math/rand/v2"

	"github.com/corerec/corerec/train/nn"
)

// randParam returns a dense rows×cols Param with values uniform in [-scale, scale).
func randParam(name string, rows, cols int, seed uint64, scale float64) *nn.Param {
	p := nn.NewParam(name, rows, cols)
	p.InitUniform(rand.New(rand.NewPCG(seed, 1)), scale)
	return p
}

// awayFromZero returns a dense Param whose values have magnitude in [0.2, 1) and a random
// sign, so a finite-difference step of 1e-2 never crosses a kink at 0.
func awayFromZero(name string, rows, cols int, seed uint64) *nn.Param {
	p := nn.NewParam(name, rows, cols)
	rng := rand.New(rand.NewPCG(seed, 2))
	for i := range p.Data {
		v := 0.2 + 0.8*rng.Float32()
		if rng.IntN(2) == 0 {
			v = -v
		}
		p.Data[i] = v
	}
	return p
}

// randIDs returns n ids in [0, rows).
func randIDs(n, rows int, seed uint64) []int32 {
	rng := rand.New(rand.NewPCG(seed, 3))
	ids := make([]int32, n)
	for i := range ids {
		ids[i] = int32(rng.IntN(rows))
	}
	return ids
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 4)) }
