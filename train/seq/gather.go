package seq

import (
	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/train/nn"
)

// gather returns rows[k] of x as row k (len(rows)×x.Cols): the transformer's last block runs only on the
// rows a loss or a query reads. Repeated rows add their gradients.
func gather(tp *nn.Tape, x *nn.Tensor, rows []int32) *nn.Tensor {
	y := tp.New(len(rows), x.Cols, x.Grad != nil && tp.Training())
	for k, r := range rows {
		copy(y.Row(k), x.Row(int(r)))
	}
	if y.Grad != nil {
		tp.Record(&gatherOp{x: x, y: y, rows: rows})
	}
	return y
}

type gatherOp struct {
	x, y *nn.Tensor
	rows []int32
}

func (o *gatherOp) Backward(*nn.Tape) {
	for k, r := range o.rows {
		kernel.Axpy(1, o.y.GradRow(k), o.x.GradRow(int(r)))
	}
}
