package nn

import "fmt"

// FM returns the second-order factorization-machine interaction of each row of x, whose
// Cols hold `fields` field embeddings of k = Cols/fields values side by side:
//
//	y_i = ½ Σ_d [(Σ_f v_fd)² − Σ_f v_fd²]   (= Σ_{f<g} ⟨v_f, v_g⟩)
//
// The result is n×1.
func (t *Tape) FM(x *Tensor, fields int) *Tensor {
	if fields < 1 || x.Cols%fields != 0 {
		panic(fmt.Sprintf("nn: FM: %d columns are not %d fields", x.Cols, fields))
	}
	k := x.Cols / fields
	grad := t.needsGrad(x)
	y := t.New(x.Rows, 1, grad)
	sums := t.Scratch(x.Rows * k) // per-row field sums, kept for Backward
	t.parallel(x.Rows, rowChunk(x.Cols), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			y.Data[i] = fmRow(x.Row(i), k, sums[i*k:(i+1)*k])
		}
	})
	if grad {
		t.Record(&fmOp{x: x, y: y, k: k, sums: sums})
	}
	return y
}

// fmRow returns the interaction of one row and leaves the per-dimension field sums in s.
func fmRow(row []float32, k int, s []float32) float32 {
	clear(s)
	var sq float32
	for f := 0; f < len(row); f += k {
		for j, v := range row[f : f+k] {
			s[j] += v
			sq += v * v
		}
	}
	var tot float32
	for _, v := range s {
		tot += v * v
	}
	return 0.5 * (tot - sq)
}

type fmOp struct {
	x, y *Tensor
	k    int
	sums []float32
}

// Backward: ∂y/∂v_fd = S_d − v_fd.
func (o *fmOp) Backward(t *Tape) {
	c, k := o.x.Cols, o.k
	t.parallel(o.x.Rows, rowChunk(c), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			g := o.y.Grad[i]
			s := o.sums[i*k : (i+1)*k]
			row, gr := o.x.Row(i), o.x.GradRow(i)
			for f := 0; f < c; f += k {
				for j := range k {
					gr[f+j] += g * (s[j] - row[f+j])
				}
			}
		}
	})
}
