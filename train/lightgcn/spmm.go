package lightgcn

import (
	"sort"
	"sync"

	"github.com/corerec/corerec/internal/kernel"
)

// mul sets dst = Â·x for row-major Nodes()×dim matrices x and dst, and, when acc is not nil, adds the
// result to acc as well (acc += Â·x, fused so each output row is added while it is still in cache). Rows are
// split over workers in shares of about equal numbers of entries (degrees are skewed, rows are not). Each
// output row is a sum of scaled neighbour rows, built by the row kernel: on amd64 with AVX2 an assembly loop
// that keeps 64 output floats in registers across all neighbours (gather_amd64.s), elsewhere one kernel.Axpy
// (a 4-way unrolled loop) per neighbour into a row that stays in L1.
//
// Because Â is symmetric, mul is also its own transpose: the backward of y = Â·x is dx = Â·dy, which is
// mul again (TestMulIsSelfAdjoint checks ⟨Âx, y⟩ = ⟨x, Ây⟩).
func (a *Adjacency) mul(dst, x, acc []float32, dim, workers int) {
	n := a.Nodes()
	dst, x = dst[:n*dim], x[:n*dim]
	if acc != nil {
		acc = acc[:n*dim]
	}
	row := gatherFunc(dim)
	a.parallelRows(workers, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			out := dst[r*dim : (r+1)*dim]
			a.mulRow(row, out, x, r)
			if acc != nil {
				kernel.Axpy(1, out, acc[r*dim:(r+1)*dim])
			}
		}
	})
}

// mulRows sets dst[k] = (Â·x)[rows[k]] for each k: only the listed rows of the product, packed in order.
func (a *Adjacency) mulRows(dst, x []float32, dim int, rows []int32, workers int) {
	row := gatherFunc(dim)
	parallel(len(rows), workers, func(lo, hi int) {
		for k := lo; k < hi; k++ {
			a.mulRow(row, dst[k*dim:(k+1)*dim], x, int(rows[k]))
		}
	})
}

// mulRow writes row r of Â·x into out with the row kernel row.
func (a *Adjacency) mulRow(row func(out, x []float32, cols []int32, vals []float32), out, x []float32, r int) {
	lo, hi := a.RowPtr[r], a.RowPtr[r+1]
	row(out, x, a.Col[lo:hi], a.Val[lo:hi])
}

// mulSparse sets dst = Â·y (Nodes()×dim, every row written) for a y that is zero except on a few nodes:
// slot[c] is the index of node c's row in the packed rows, or -1 where y's row c is zero. Each output row
// sums only the neighbours that have a slot, reading the packed rows (small, so they stay in cache) and
// writing dst once, in order: unlike a scatter of the few rows into a cleared dst, there is no
// read-modify-write of rows scattered over the whole table, and no clearing pass. A row's neighbours with
// a slot are first compacted without a branch (about one in six has one: a branch on it mispredicts
// often), then summed by the row kernel, with the packed rows as its table.
func (a *Adjacency) mulSparse(dst, rows []float32, dim int, slot []int32, workers int) {
	row := gatherFunc(dim)
	maxDeg := a.maxDegree()
	a.parallelRows(workers, func(lo, hi int) {
		slots, vals := make([]int32, maxDeg+1), make([]float32, maxDeg+1)
		for r := lo; r < hi; r++ {
			n := 0
			start, end := a.RowPtr[r], a.RowPtr[r+1]
			for e, c := range a.Col[start:end] {
				s := slot[c]
				slots[n], vals[n] = s, a.Val[start+e]
				n += int(uint32(^s) >> 31) // 1 when s >= 0
			}
			row(dst[r*dim:(r+1)*dim], rows, slots[:n], vals[:n])
		}
	})
}

// maxDegree is the largest number of entries in a row (computed once).
func (a *Adjacency) maxDegree() int {
	if a.maxDeg == 0 {
		for r := range a.Nodes() {
			a.maxDeg = max(a.maxDeg, a.Degree(r))
		}
	}
	return a.maxDeg
}

// parallelRows calls fn on `workers` contiguous row ranges holding about equal numbers of entries.
func (a *Adjacency) parallelRows(workers int, fn func(lo, hi int)) {
	n := a.Nodes()
	if workers < 2 || n < 2 {
		fn(0, n)
		return
	}
	workers = min(workers, n)
	nnz := a.NNZ()
	bounds := make([]int, workers+1)
	bounds[workers] = n
	for w := 1; w < workers; w++ {
		target := w * nnz / workers
		bounds[w] = max(bounds[w-1], sort.SearchInts(a.RowPtr[:n], target))
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(bounds[w], bounds[w+1])
		}()
	}
	fn(bounds[0], bounds[1])
	wg.Wait()
}

// parallel calls fn on `workers` contiguous ranges of 0…n-1.
func parallel(n, workers int, fn func(lo, hi int)) {
	if workers < 2 || n < 64 {
		fn(0, n)
		return
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(w*n/workers, (w+1)*n/workers)
		}()
	}
	fn(0, n/workers)
	wg.Wait()
}
