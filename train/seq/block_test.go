package seq

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
	"github.com/corerec/corerec/train/nn/nntest"
)

func TestGradSplitQKV(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	q, kv := nn.NewParam("q", 4, 6), nn.NewParam("kv", 4, 6)
	q.InitNormal(rng, 1)
	kv.InitNormal(rng, 1)
	nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
		return tp.Mul(splitQKV(tp, tp.Param(q), tp.Param(kv)), tp.Param(q)) // q's columns reach the loss twice
	}, q, kv)
}

func TestSplitQKVColumns(t *testing.T) {
	tp := nn.NewTape(nn.Config{Workers: 1})
	q := &nn.Tensor{Rows: 1, Cols: 6, Data: []float32{1, 2, 3, 4, 5, 6}}
	kv := &nn.Tensor{Rows: 1, Cols: 6, Data: []float32{-1, -2, -3, -4, -5, -6}}
	require.Equal(t, []float32{1, 2, -3, -4, -5, -6}, splitQKV(tp, q, kv).Data)
}

// Every weight of each block layout gets the gradient of the full softmax loss (dropout off).
func TestGradForwardBlocks(t *testing.T) {
	for _, block := range []string{BlockPreNorm, BlockSASRec, BlockBERT} {
		t.Run(block, func(t *testing.T) {
			m, err := New(7, Config{MaxLen: 4, Dim: 4, Blocks: 2, Heads: 2, FFNDim: 6, Dropout: -1, Block: block,
				InitStd: 0.5, Workers: 1})
			require.NoError(t, err)
			ids, pos := []int32{1, 2, 3, 4, 0, 5}, []int32{0, 1, 2, 3, 0, 1}
			spans := []nn.Span{{Start: 0, Len: 4}, {Start: 4, Len: 2}}
			targets := []int32{2, 6, 0, 3, 1, 4}
			nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
				return tp.FullSoftmax(m.forward(tp, ids, pos, spans, nil), m.catalog(tp), targets, nil)
			}, m.Params()...)
		})
	}
}
