package nn

import (
	"fmt"

	"github.com/corerec/corerec/internal/kernel"
)

// Embedding returns the rows of table named by ids, one output row per id (len(ids)×Cols).
// A negative id is padding: its output row is zero and takes no gradient. An id ≥ table.Rows
// is a data error: the tape fails with ErrIndex and the row is zero. Repeated ids accumulate
// their gradients into the same table row. The tape reads ids until Backward returns.
func (t *Tape) Embedding(table *Param, ids []int32) *Tensor {
	d := table.Cols
	y := t.New(len(ids), d, t.train)
	for i, id := range ids {
		dst := y.Data[i*d : (i+1)*d]
		switch {
		case id < 0:
			clear(dst)
		case int(id) >= table.Rows:
			clear(dst)
			t.Fail(fmt.Errorf("%w: Embedding %q: id %d at position %d, table has %d rows",
				ErrIndex, table.Name, id, i, table.Rows))
		default:
			copy(dst, table.Data[int(id)*d:(int(id)+1)*d])
		}
	}
	if t.train {
		t.Record(&embeddingOp{table: table, ids: ids, y: y})
	}
	return y
}

type embeddingOp struct {
	table *Param
	ids   []int32
	y     *Tensor
}

// Backward scatters the output gradient rows into the table's gradient, in id order, so
// duplicate ids sum deterministically. It runs on one goroutine: a row-sparse gradient's
// touched-row list is not safe for concurrent growth, and the work is a few microseconds.
func (o *embeddingOp) Backward(t *Tape) {
	d := o.table.Cols
	for i, id := range o.ids {
		if id < 0 || int(id) >= o.table.Rows {
			continue
		}
		kernel.Axpy(1, o.y.Grad[i*d:(i+1)*d], o.table.GradRow(int(id)))
	}
}

// Param returns p as a tensor. Its Data aliases p.Data. For a dense p its Grad aliases p.Grad,
// so gradients flow straight into the parameter; for a row-sparse p, Backward adds every row's
// gradient into p (all rows become touched).
func (t *Tape) Param(p *Param) *Tensor {
	x := t.New(0, 0, false)
	*x = Tensor{Rows: p.Rows, Cols: p.Cols, Data: p.Data}
	if !t.train {
		return x
	}
	if !p.sparse {
		x.Grad = p.Grad
		return x
	}
	x.Grad = t.Zeros(p.Len())
	t.Record(&paramOp{p: p, x: x})
	return x
}

type paramOp struct {
	p *Param
	x *Tensor
}

func (o *paramOp) Backward(*Tape) {
	for r := range o.p.Rows {
		kernel.Axpy(1, o.x.GradRow(r), o.p.GradRow(r))
	}
}
