package twotower

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
	"github.com/corerec/corerec/train/nn/nntest"
)

func randParam(rng *rand.Rand, name string, rows, cols int) *nn.Param {
	p := nn.NewParam(name, rows, cols)
	p.InitNormal(rng, 1)
	return p
}

// fusionMask has every kind of row: all present, some missing, none present.
var fusionMask = []float32{
	1, 1, 1,
	1, 0, 1,
	0, 1, 0,
	0, 0, 0,
}

// Every fusion op's gradients match finite differences, with missing modalities and empty rows.
func TestGradFusionOps(t *testing.T) {
	const b, m, w = 4, 3, 5
	rng := rand.New(rand.NewPCG(1, 2))
	p := randParam(rng, "P", b, m*w)
	q := randParam(rng, "q", 1, w)
	s := randParam(rng, "S", b, m)
	shared := randParam(rng, "logits", 1, m)
	a := randParam(rng, "A", b, m)
	opt := nntest.Options{Eps: 1e-3, AbsTol: 1e-3, RelTol: 1e-2}
	cases := []struct {
		name   string
		build  func(tp *nn.Tape) *nn.Tensor
		params []*nn.Param
	}{
		{"maskedConcat", func(tp *nn.Tape) *nn.Tensor { return maskedConcat(tp, tp.Param(p), fusionMask, m) }, []*nn.Param{p}},
		{"modalityScores", func(tp *nn.Tape) *nn.Tensor { return modalityScores(tp, tp.Param(p), tp.Param(q), m) }, []*nn.Param{p, q}},
		{"maskedSoftmax/rows", func(tp *nn.Tape) *nn.Tensor { return maskedSoftmax(tp, tp.Param(s), fusionMask, b, m) }, []*nn.Param{s}},
		{"maskedSoftmax/shared", func(tp *nn.Tape) *nn.Tensor { return maskedSoftmax(tp, tp.Param(shared), fusionMask, b, m) }, []*nn.Param{shared}},
		{"weightedSum", func(tp *nn.Tape) *nn.Tensor { return weightedSum(tp, tp.Param(p), tp.Param(a), fusionMask) }, []*nn.Param{p, a}},
		{"attention", func(tp *nn.Tape) *nn.Tensor {
			pp := tp.Param(p)
			return weightedSum(tp, pp, maskedSoftmax(tp, modalityScores(tp, pp, tp.Param(q), m), fusionMask, b, m), fusionMask)
		}, []*nn.Param{p, q}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nntest.GradCheckWith(t, opt, c.build, c.params...)
		})
	}
}

// The masked softmax ignores missing entries entirely: their logits change nothing, rows sum to 1 over
// the present entries, and a row with none present is all zeros.
func TestMaskedSoftmaxIgnoresMissing(t *testing.T) {
	tp := nn.NewTape(nn.Config{})
	s := tp.Const(2, 3, []float32{1, 100, 2, 5, -3, 7})
	a := maskedSoftmax(tp, s, []float32{1, 0, 1, 0, 0, 0}, 2, 3)
	require.InDelta(t, 1, a.Data[0]+a.Data[2], 1e-6)
	require.Zero(t, a.Data[1])
	require.Equal(t, []float32{0, 0, 0}, a.Data[3:])
	require.InDelta(t, 1/(1+float32(2.718281828)), a.Data[0], 1e-6)
}

// fusionInput is a small multi-modal training input: two vector modalities (one with missing items) and
// attributes (some items without any).
func fusionInput(rng *rand.Rand, users, items int) Input {
	in := Input{NumUsers: users, NumItems: items, Train: make([][]int32, users)}
	for u := range users {
		for range 3 {
			in.Train[u] = append(in.Train[u], int32(rng.IntN(items)))
		}
	}
	for k, dim := range []int{3, 2} {
		md := Modality{Name: fmt.Sprintf("m%d", k), Dim: dim, Data: make([]float32, items*dim), Present: make([]bool, items)}
		for i := range items {
			md.Present[i] = k == 0 || i%3 != 0
			for j := range dim {
				md.Data[i*dim+j] = float32(rng.NormFloat64())
			}
		}
		in.ItemModalities = append(in.ItemModalities, md)
	}
	in.ItemAttributes = &Attributes{Names: []string{"a", "b", "c", "d"}, Items: make([][]int32, items)}
	for i := range items {
		if i%4 != 1 {
			in.ItemAttributes.Items[i] = []int32{int32(i % 4), int32((i + 2) % 4)}
		}
	}
	return in
}

// The whole multi-modal item tower, trained by the in-batch loss, has the gradients of finite
// differences for every strategy (ID dropout masks the ID modality of some examples).
func TestFusionTowerGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	in := fusionInput(rng, 6, 9)
	for _, strategy := range strategies {
		t.Run(strategy, func(t *testing.T) {
			cfg := Config{Dim: 4, BatchSize: 6, Temperature: 0.5, Workers: 1, InitStd: 0.5,
				Fusion: FusionConfig{Strategy: strategy, Width: 3},
				Item:   TowerConfig{Hidden: []int{5}, Activation: "tanh", IDDropout: 0.4}}
			tr, err := newTrainer(in, cfg.WithDefaults())
			require.NoError(t, err)
			batch := []int32{0, 3, 5, 7, 9, 12}
			build := func(tp *nn.Tape) *nn.Tensor {
				tr.rng = rand.New(rand.NewPCG(5, 6)) // the same dropped ids every time
				tr.fillIDs(batch)
				u := tr.m.user.forward(tp, tr.uEmb, tr.uRows)
				return tr.loss(tp, u, tr.m.item.forward(tp, tr.iEmb, tr.iRows))
			}
			nntest.GradCheckWith(t, nntest.Options{Eps: 1e-3, AbsTol: 1e-3, RelTol: 2e-2}, build, tr.m.params.All()...)
		})
	}
}
