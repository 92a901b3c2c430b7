package nn_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
)

func TestPlateau(t *testing.T) {
	p := nn.NewPlateau(0.1, 0.5, 2)
	require.True(t, p.Observe(0.3))
	require.False(t, p.Observe(0.3), "a tie is no improvement")
	require.InDelta(t, 0.05, p.LR, 1e-9)
	require.False(t, p.Stop())
	require.True(t, p.Observe(0.4))
	require.False(t, p.Stop(), "an improvement resets the count")
	require.False(t, p.Observe(0.1))
	require.False(t, p.Observe(0.2))
	require.True(t, p.Stop())
	require.InDelta(t, 0.0125, p.LR, 1e-9)

	c := nn.NewPlateau(0.1, 0, 1)
	c.Observe(1)
	c.Observe(0)
	require.Equal(t, float32(0.1), c.LR, "no decay keeps the rate")
	require.True(t, c.Stop())
}

func TestPlateauRestore(t *testing.T) {
	p := nn.NewPlateau(0.1, 0.5, 3)
	require.False(t, p.State().HasBest, "no best before the first evaluation")
	p.Observe(0.3)
	p.Observe(0.2)
	s := p.State()
	require.Equal(t, nn.PlateauState{LR: 0.05, Best: 0.3, HasBest: true, Bad: 1}, s)

	q := nn.NewPlateau(0.1, 0.5, 3)
	q.Restore(s)
	for _, score := range []float64{0.25, 0.1} {
		require.Equal(t, p.Observe(score), q.Observe(score))
	}
	require.Equal(t, p.State(), q.State())
	require.True(t, q.Stop())

	fresh := nn.NewPlateau(0.1, 0.5, 3)
	fresh.Restore(nn.PlateauState{LR: 0.1})
	require.True(t, fresh.Observe(-5), "a restored state without a best takes any score")
}
