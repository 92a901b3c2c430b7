package nn

import (
	"fmt"

	"github.com/corerec/corerec/internal/kernel"
)

// BagMode says how EmbeddingBag combines the rows of one bag.
type BagMode uint8

const (
	BagSum  BagMode = iota // sum of the rows
	BagMean                // mean of the rows (of the valid ids)
)

// EmbeddingBag returns one row per bag: the sum or mean of the table rows its ids name, for a
// multi-hot field (genres, tags). Bag i holds ids[offsets[i]:offsets[i+1]]; offsets has one
// more entry than there are bags, starts at 0 and never decreases (a bad offsets slice is a
// programming error and panics). An empty bag, or one holding only padding (negative ids),
// gives a zero row. An id ≥ table.Rows fails the tape with ErrIndex and is skipped. The tape
// reads ids and offsets until Backward returns.
func (t *Tape) EmbeddingBag(table *Param, ids []int32, offsets []int32, mode BagMode) *Tensor {
	if len(offsets) == 0 || offsets[0] != 0 || int(offsets[len(offsets)-1]) != len(ids) {
		panic(fmt.Sprintf("nn: EmbeddingBag: offsets must run from 0 to len(ids)=%d", len(ids)))
	}
	n, d := len(offsets)-1, table.Cols
	y := t.New(n, d, t.train)
	scale := t.Scratch(n)
	for i := range n {
		lo, hi := offsets[i], offsets[i+1]
		if hi < lo {
			panic(fmt.Sprintf("nn: EmbeddingBag: offsets decrease at bag %d", i))
		}
		dst := y.Data[i*d : (i+1)*d]
		clear(dst)
		cnt := 0
		for p := lo; p < hi; p++ {
			id := ids[p]
			switch {
			case id < 0:
				continue
			case int(id) >= table.Rows:
				t.Fail(fmt.Errorf("%w: EmbeddingBag %q: id %d at position %d, table has %d rows",
					ErrIndex, table.Name, id, p, table.Rows))
				continue
			}
			kernel.Axpy(1, table.Data[int(id)*d:(int(id)+1)*d], dst)
			cnt++
		}
		scale[i] = 1
		if mode == BagMean && cnt > 0 {
			scale[i] = 1 / float32(cnt)
			kernel.Scale(scale[i], dst)
		}
	}
	if t.train {
		t.Record(&bagOp{table: table, ids: ids, offsets: offsets, scale: scale, y: y})
	}
	return y
}

type bagOp struct {
	table        *Param
	ids, offsets []int32
	scale        []float32
	y            *Tensor
}

// Backward adds each bag's output gradient, times its scale, into the rows its ids name, in
// order (one goroutine, as Embedding's).
func (o *bagOp) Backward(*Tape) {
	d := o.table.Cols
	for i := range len(o.offsets) - 1 {
		g := o.y.Grad[i*d : (i+1)*d]
		for _, id := range o.ids[o.offsets[i]:o.offsets[i+1]] {
			if id < 0 || int(id) >= o.table.Rows {
				continue
			}
			kernel.Axpy(o.scale[i], g, o.table.GradRow(int(id)))
		}
	}
}
