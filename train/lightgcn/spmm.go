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

// hitList holds mulSparse's buffers from one call to the next.
type hitList struct {
	ptr, next []int32   // per output row r, its hits are slot/val[ptr[r]:ptr[r+1]]
	slot      []int32   // the packed row each hit reads
	val       []float32 // Â's entry for it
}

// mulSparse sets dst = Â·y (Nodes()×dim, every row written) for a y that is zero except on the listed
// nodes, whose rows are packed in rows (row k is node nodes[k]'s). Â is symmetric, so the listed nodes'
// own entries say which output rows they reach: a counting sort of those entries by output row (their
// number is the listed nodes' degrees, ~17 % of Â's on a Gowalla batch) gives each output row its list of
// (packed row, weight), which the row kernel sums, with the packed rows (small, so cache-resident) as
// its table. dst is written once, in order: no scatter into a cleared table, and no pass over the
// entries of Â the listed nodes do not own. A row's terms are summed in the order of nodes.
func (a *Adjacency) mulSparse(dst, rows []float32, dim int, nodes []int32, h *hitList, workers int) {
	n := a.Nodes()
	h.ptr = growInt32(h.ptr, n+1)
	clear(h.ptr)
	for _, c := range nodes {
		for _, r := range a.Col[a.RowPtr[c]:a.RowPtr[c+1]] {
			h.ptr[r+1]++
		}
	}
	for r := range n {
		h.ptr[r+1] += h.ptr[r]
	}
	h.slot, h.val = growInt32(h.slot, int(h.ptr[n])), grow(h.val, int(h.ptr[n]))
	h.next = append(h.next[:0], h.ptr[:n]...)
	for k, c := range nodes {
		lo, hi := a.RowPtr[c], a.RowPtr[c+1]
		for e := lo; e < hi; e++ {
			r := a.Col[e]
			q := h.next[r]
			h.slot[q], h.val[q] = int32(k), a.Val[e]
			h.next[r] = q + 1
		}
	}
	row := gatherFunc(dim)
	a.parallelRows(workers, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			p, q := h.ptr[r], h.ptr[r+1]
			row(dst[r*dim:(r+1)*dim], rows, h.slot[p:q], h.val[p:q])
		}
	})
}

func growInt32(b []int32, n int) []int32 {
	if cap(b) < n {
		return make([]int32, n, n+n/4)
	}
	return b[:n]
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
