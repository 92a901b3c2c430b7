package seq

import (
	"context"
	goruntime "runtime"

	"github.com/corerec/corerec/eval"
	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/train/nn"
)

// encodeBatch is the number of histories Encode runs through the transformer at once.
const encodeBatch = 256

// Encode returns one user vector per history (len(histories) × Dim, row-major), without dropout: the
// output at the most recent item of the last MaxLen (SASRec), or at a mask token appended after the
// last MaxLen−1 items (BERT4Rec). An empty history gets a zero vector from SASRec. workers ≤ 0 means
// GOMAXPROCS. Item ids must be in range (Encode panics otherwise: callers validate their data).
func (m *Model) Encode(histories [][]int32, workers int) []float32 {
	if workers <= 0 {
		workers = goruntime.GOMAXPROCS(0)
	}
	d := m.cfg.Dim
	out := make([]float32, len(histories)*d)
	tp := nn.NewTape(nn.Config{Workers: workers})
	tp.SetTraining(false)
	mask := int32(-1)
	if m.cfg.Model == BERT4Rec {
		mask = m.maskToken()
	}
	var b batch
	var rows, users []int32 // the output row of each history that has one, and its index
	for lo := 0; lo < len(histories); lo += encodeBatch {
		hi := min(lo+encodeBatch, len(histories))
		b.reset()
		rows, users = rows[:0], users[:0]
		for k, h := range histories[lo:hi] {
			if r := b.addQuery(h, m.cfg.MaxLen, mask); r >= 0 {
				rows, users = append(rows, int32(r)), append(users, int32(lo+k))
			}
		}
		tp.Reset()
		y := m.forward(tp, b.ids, b.pos, b.spans, rows)
		if err := tp.Err(); err != nil {
			panic("seq: Encode: " + err.Error())
		}
		for k, u := range users {
			copy(out[int(u)*d:int(u+1)*d], y.Row(k))
		}
	}
	return out
}

// Evaluate ranks the whole catalog for each case (full ranking, the case's seen items masked) from the
// user vector of histories[c.User], and returns the metrics of package eval.
func (m *Model) Evaluate(ctx context.Context, histories [][]int32, cases []eval.Case, opt eval.Options) (eval.Report, error) {
	if err := ctx.Err(); err != nil {
		return eval.Report{}, err
	}
	hs := make([][]int32, len(cases))
	row := make(map[int32]int, len(cases))
	for _, c := range cases {
		if _, ok := row[c.User]; !ok {
			row[c.User] = len(row)
			hs[row[c.User]] = histories[c.User]
		}
	}
	vecs := m.Encode(hs[:len(row)], opt.Workers)
	d := m.cfg.Dim
	items := m.ItemVectors()
	scorer := eval.ScorerFunc(m.numItems, func(u int32, out []float32) {
		r := row[u]
		kernel.DotBatch(vecs[r*d:(r+1)*d], items, out)
	})
	return eval.Evaluate(ctx, scorer, cases, opt)
}
