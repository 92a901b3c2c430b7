package twotower

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
	"github.com/corerec/corerec/train/nn/nntest"
)

// Every loss, as the trainer composes it (towers with ID embeddings, features and a hidden layer, shared
// negatives, the mixed loss's view of the positives inside the item pass), has the gradients of finite
// differences.
func TestLossGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const users, items = 6, 9
	in := Input{NumUsers: users, NumItems: items, Train: make([][]int32, users)}
	for u := range users {
		for range 3 {
			in.Train[u] = append(in.Train[u], int32(rng.IntN(items)))
		}
	}
	rows := make([][]float32, users)
	for u := range rows {
		rows[u] = []float32{float32(rng.NormFloat64()), float32(rng.NormFloat64())}
	}
	f, err := NewFeatures(rows)
	require.NoError(t, err)
	in.UserFeatures = f
	for _, loss := range []string{LossInBatch, LossMixed, LossSampled, LossBCE, LossBPR} {
		t.Run(loss, func(t *testing.T) {
			cfg := Config{Dim: 4, Loss: loss, Negatives: 5, BatchSize: 6, Temperature: 0.5, Workers: 1,
				InitStd: 0.5, User: TowerConfig{IDDim: 3, Hidden: []int{5}, Activation: "tanh"}}
			if loss == LossInBatch {
				cfg.LearnTemperature = true
			}
			tr, err := newTrainer(in, cfg.WithDefaults())
			require.NoError(t, err)
			batch := []int32{0, 3, 5, 7, 9, 12}
			build := func(tp *nn.Tape) *nn.Tensor {
				tr.rng = rand.New(rand.NewPCG(5, 6)) // the same negatives every time
				tr.fillIDs(batch)
				u := tr.m.user.forward(tp, tr.uEmb, tr.uRows)
				if loss == LossMixed {
					return tr.mixedLoss(tp, u)
				}
				return tr.loss(tp, u, tr.m.item.forward(tp, tr.iEmb, tr.iRows))
			}
			nntest.GradCheckWith(t, nntest.Options{Eps: 1e-3, AbsTol: 1e-3, RelTol: 2e-2}, build, tr.m.params.All()...)
		})
	}
}
