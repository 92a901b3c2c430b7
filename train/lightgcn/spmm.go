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

// scatter adds Â·y to dst (Nodes()×dim) where y is zero except on the listed nodes: y's row for nodes[k] is
// packed row k of rows. It costs the listed nodes' degrees, not the whole matrix. Â's symmetry is what makes
// this a scatter over the listed rows (column c of Â is row c). The graph is bipartite, so user rows only
// write item rows and item rows only user rows: with 2 or more workers the two kinds run in parallel
// without sharing an output row.
func (a *Adjacency) scatter(dst, rows []float32, dim int, nodes []int32, workers int) {
	run := func(users bool) {
		for k, c := range nodes {
			if (int(c) < a.Users) != users {
				continue
			}
			g := rows[k*dim : (k+1)*dim]
			lo, hi := a.RowPtr[c], a.RowPtr[c+1]
			for e, r := range a.Col[lo:hi] {
				o := int(r) * dim
				kernel.Axpy(a.Val[lo+e], g, dst[o:o+dim])
			}
		}
	}
	if workers < 2 {
		run(true)
		run(false)
		return
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		run(true)
	}()
	run(false)
	wg.Wait()
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
