package nn_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/train/nn"
	"github.com/corerec/corerec/train/nn/nntest"
)

// attnCase is a batch layout: rows, spans (with padding gaps and an empty sequence) and heads.
type attnCase struct {
	name  string
	rows  int
	spans []nn.Span
	heads int
}

var attnCases = []attnCase{
	{"one-seq", 5, nil, 1},
	{"padded", 13, []nn.Span{{0, 3}, {4, 5}, {9, 0}, {10, 2}}, 1},
	{"padded/heads=2", 13, []nn.Span{{1, 4}, {5, 1}, {8, 5}}, 2},
	{"packed/blocks", 45, []nn.Span{{0, 38}, {38, 7}}, 2}, // longer than one attention block
}

// refAttention is the textbook computation in float64: for each sequence and head,
// softmax over the allowed keys of the scaled scores, times the values; padding rows zero.
func refAttention(qkv []float32, rows, d, heads int, causal bool, spans []nn.Span) []float64 {
	if spans == nil {
		spans = []nn.Span{{0, int32(rows)}}
	}
	out := make([]float64, rows*d)
	dh := d / heads
	for _, s := range spans {
		for h := range heads {
			for i := range int(s.Len) {
				lim := int(s.Len)
				if causal {
					lim = i + 1
				}
				scores := make([]float64, lim)
				m := math.Inf(-1)
				for j := range lim {
					var dot float64
					for c := range dh {
						qi := qkv[(int(s.Start)+i)*3*d+h*dh+c]
						kj := qkv[(int(s.Start)+j)*3*d+d+h*dh+c]
						dot += float64(qi) * float64(kj)
					}
					scores[j] = dot / math.Sqrt(float64(dh))
					m = math.Max(m, scores[j])
				}
				var z float64
				for j := range scores {
					scores[j] = math.Exp(scores[j] - m)
					z += scores[j]
				}
				for j, p := range scores {
					for c := range dh {
						vj := qkv[(int(s.Start)+j)*3*d+2*d+h*dh+c]
						out[(int(s.Start)+i)*d+h*dh+c] += p / z * float64(vj)
					}
				}
			}
		}
	}
	return out
}

func TestSelfAttentionMatchesReference(t *testing.T) {
	for _, c := range attnCases {
		for _, causal := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/causal=%v", c.name, causal), func(t *testing.T) {
				const d = 8
				qkv := randParam("qkv", c.rows, 3*d, 5, 1.5)
				tp := nn.NewTape(nn.Config{Workers: 3})
				tp.SetTraining(false)
				y := tp.SelfAttention(tp.Param(qkv), nn.AttentionConfig{Heads: c.heads, Causal: causal, Spans: c.spans})
				want := refAttention(qkv.Data, c.rows, d, c.heads, causal, c.spans)
				require.Equal(t, c.rows, y.Rows)
				require.Equal(t, d, y.Cols)
				for i, w := range want {
					require.InDelta(t, w, float64(y.Data[i]), 1e-5, "element %d", i)
				}
			})
		}
	}
}

func TestGradSelfAttention(t *testing.T) {
	for _, c := range attnCases {
		for _, causal := range []bool{false, true} {
			for _, drop := range []float32{0, 0.3} {
				t.Run(fmt.Sprintf("%s/causal=%v/dropout=%v", c.name, causal, drop), func(t *testing.T) {
					if testing.Short() && c.rows > 20 && drop > 0 {
						t.Skip("long case")
					}
					qkv := randParam("qkv", c.rows, 12, 7, 1)
					cfg := nn.AttentionConfig{Heads: c.heads, Causal: causal, Spans: c.spans, Dropout: drop}
					nntest.GradCheckWith(t, nntest.Options{Tape: nn.Config{Workers: 2, Seed: 9}},
						func(tp *nn.Tape) *nn.Tensor { return tp.SelfAttention(tp.Param(qkv), cfg) }, qkv)
				})
			}
		}
	}
}

// The projections feeding attention get their gradients through it.
func TestGradSelfAttentionThroughLinear(t *testing.T) {
	x := randParam("x", 9, 4, 1, 1)
	w := randParam("w", 12, 4, 2, 0.8)
	b := randParam("b", 1, 12, 3, 0.3)
	cfg := nn.AttentionConfig{Heads: 2, Causal: true, Spans: []nn.Span{{0, 4}, {5, 4}}}
	nntest.GradCheck(t, 0, func(tp *nn.Tape) *nn.Tensor {
		return tp.SelfAttention(tp.Linear(tp.Param(x), w, b, nn.ActNone), cfg)
	}, x, w, b)
}

func TestSelfAttentionPaddingTakesNoGradient(t *testing.T) {
	qkv := randParam("qkv", 8, 6, 1, 1)
	spans := []nn.Span{{1, 3}, {5, 2}} // rows 0, 4 and 7 are padding
	tp := nn.NewTape(nn.Config{})
	y := tp.SelfAttention(tp.Param(qkv), nn.AttentionConfig{Causal: true, Spans: spans})
	for _, r := range []int{0, 4, 7} {
		require.Equal(t, []float32{0, 0}, y.Row(r))
	}
	qkv.ZeroGrad()
	require.NoError(t, tp.Backward(tp.Sum(y)))
	for _, r := range []int{0, 4, 7} {
		require.Equal(t, make([]float32, 6), qkv.Grad[r*6:(r+1)*6], "row %d", r)
	}
	for _, v := range qkv.Grad {
		require.False(t, math.IsNaN(float64(v)))
	}
}

// Causality: changing a later row never changes an earlier row's output.
func TestSelfAttentionCausal(t *testing.T) {
	qkv := randParam("qkv", 6, 6, 1, 1)
	run := func() []float32 {
		tp := nn.NewTape(nn.Config{})
		tp.SetTraining(false)
		return append([]float32(nil), tp.SelfAttention(tp.Param(qkv), nn.AttentionConfig{Causal: true}).Data...)
	}
	before := run()
	for c := range 6 {
		qkv.Data[5*6+c] += 3
	}
	after := run()
	require.Equal(t, before[:5*2], after[:5*2])
	require.NotEqual(t, before[5*2:], after[5*2:])
}

// The result and gradient do not depend on the worker count, dropout included.
func TestSelfAttentionWorkersAgree(t *testing.T) {
	qkv := randParam("qkv", 45, 24, 3, 1)
	cfg := nn.AttentionConfig{Heads: 2, Causal: true, Spans: attnCases[3].spans, Dropout: 0.2}
	run := func(workers int) ([]float32, []float32) {
		tp := nn.NewTape(nn.Config{Workers: workers, Seed: 4})
		y := tp.SelfAttention(tp.Param(qkv), cfg)
		qkv.ZeroGrad()
		require.NoError(t, tp.Backward(tp.Sum(y)))
		return append([]float32(nil), y.Data...), append([]float32(nil), qkv.Grad...)
	}
	y1, g1 := run(1)
	y3, g3 := run(3)
	require.Equal(t, y1, y3)
	require.Equal(t, g1, g3)
}

func TestSelfAttentionDropoutOnlyWhileTraining(t *testing.T) {
	qkv := randParam("qkv", 10, 6, 3, 1)
	cfg := nn.AttentionConfig{Dropout: 0.5}
	tp := nn.NewTape(nn.Config{Seed: 1})
	trained := tp.SelfAttention(tp.Param(qkv), cfg).Data
	tp.SetTraining(false)
	eval := tp.SelfAttention(tp.Param(qkv), cfg).Data
	tp.SetTraining(false)
	plain := tp.SelfAttention(tp.Param(qkv), nn.AttentionConfig{}).Data
	require.Equal(t, plain, eval)
	require.NotEqual(t, plain, trained)
}

func TestSelfAttentionBadConfigPanics(t *testing.T) {
	tp := nn.NewTape(nn.Config{})
	x := tp.Const(4, 6, make([]float32, 24))
	require.Panics(t, func() { tp.SelfAttention(tp.Const(4, 5, make([]float32, 20)), nn.AttentionConfig{}) })
	require.Panics(t, func() { tp.SelfAttention(x, nn.AttentionConfig{Heads: 3}) })
	require.Panics(t, func() { tp.SelfAttention(x, nn.AttentionConfig{Spans: []nn.Span{{0, 3}, {2, 2}}}) })
	require.Panics(t, func() { tp.SelfAttention(x, nn.AttentionConfig{Spans: []nn.Span{{3, 2}}}) })
	require.Panics(t, func() { tp.SelfAttention(x, nn.AttentionConfig{Dropout: 1}) })
}
