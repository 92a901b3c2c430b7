package lightgcn

import "github.com/corerec/corerec/internal/kernel"

// gatherRowGeneric sets out = Σ_k vals[k]·x[cols[k]·d : cols[k]·d+d] with d = len(out): one axpy per
// neighbour (kernel.Axpy, a 4-way unrolled loop in pure Go) into a row that stays in L1.
func gatherRowGeneric(out, x []float32, cols []int32, vals []float32) {
	clear(out)
	d := len(out)
	for k, c := range cols {
		o := int(c) * d
		kernel.Axpy(vals[k], x[o:o+d], out)
	}
}
