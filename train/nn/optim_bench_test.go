package nn_test

import (
	"testing"

	"github.com/corerec/corerec/train/nn"
)

// BenchmarkAdamStep updates a two-tower's parameters: two embedding tables with ~900 touched
// rows of 64 and 33k dense values.
func BenchmarkAdamStep(b *testing.B) {
	var ps nn.Params
	users := ps.Sparse("users", 6040, 64)
	items := ps.Sparse("items", 3706, 64)
	for _, name := range []string{"u", "i"} {
		ps.Dense(name+".w1", 128, 64)
		ps.Dense(name+".b1", 1, 128)
		ps.Dense(name+".w2", 64, 128)
		ps.Dense(name+".b2", 1, 64)
	}
	for _, id := range randIDs(1024, 6040, 1) {
		users.GradRow(int(id))[0] = 1
	}
	for _, id := range randIDs(1024, 3706, 2) {
		items.GradRow(int(id))[0] = 1
	}
	opt := nn.NewAdam(ps.All(), nn.AdamConfig{})
	b.ReportAllocs()
	for b.Loop() {
		opt.Step()
	}
}
