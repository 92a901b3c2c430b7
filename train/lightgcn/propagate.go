package lightgcn

import "github.com/corerec/corerec/internal/kernel"

// propagation computes LightGCN's final embeddings F = Σ_k α_k Â^k E⁰ (α_k = 1/(K+1)) and the gradient of
// a loss through them. With P = Σ_k α_k Â^k, F = P·E⁰ and P is symmetric (a polynomial in the symmetric
// Â), so dL/dE⁰ = Pᵀ·G = P·G for G = dL/dF: the backward is one more propagation, of G.
//
// Cost per training step, for K layers: the forward needs layers 1…K-1 for every node (K-1 full products)
// and layer K only at the batch's rows; the backward starts from a G that is zero outside the batch's rows,
// so Â·G reads only those rows (Adjacency.mulSparse), and the rest is K-1 full products. That is 2(K-1) full
// products per step instead of the 2K of differentiating the K-layer forward as a graph.
//
// The backward evaluates P·G in Horner form, (K+1)·P·G = G + Â(G + Â(… + Â(G + Â·G))): each full product
// writes its output once and adds G at the batch's rows only, where summing the powers Â^k·G would read and
// write a Nodes()×dim accumulator in every product (memory-bound: the products stream ~18 MB tables).
type propagation struct {
	a             *Adjacency
	dim, layers   int
	workers       int
	bufA, bufB    []float32 // Nodes()×dim each
	rowTmp        []float32 // len(rows)×dim scratch of rows()
	hits          hitList   // backward's first product's buffers
	invLayerCount float32   // α = 1/(K+1)
}

func newPropagation(a *Adjacency, dim, layers, workers int) *propagation {
	n := a.Nodes() * dim
	return &propagation{a: a, dim: dim, layers: layers, workers: workers,
		bufA: make([]float32, n), bufB: make([]float32, n), invLayerCount: 1 / float32(layers+1)}
}

// full writes F = P·e0 for every node into out (Nodes()×dim).
func (p *propagation) full(out, e0 []float32) {
	copy(out, e0)
	cur, next := e0, p.bufA
	for range p.layers {
		p.a.mul(next, cur, out, p.dim, p.workers)
		cur, next = next, p.other(next)
	}
	kernel.Scale(p.invLayerCount, out)
}

// other returns the ping-pong buffer that is not b.
func (p *propagation) other(b []float32) []float32 {
	if &b[0] == &p.bufA[0] {
		return p.bufB
	}
	return p.bufA
}

// rows writes F's rows for the listed nodes, packed in order, into out (len(nodes)×dim).
func (p *propagation) rows(out, e0 []float32, nodes []int32) {
	d := p.dim
	for k, r := range nodes {
		copy(out[k*d:(k+1)*d], e0[int(r)*d:int(r+1)*d])
	}
	cur, next := e0, p.bufA
	for range p.layers - 1 {
		p.a.mul(next, cur, nil, d, p.workers)
		for k, r := range nodes {
			kernel.Axpy(1, next[int(r)*d:int(r+1)*d], out[k*d:(k+1)*d])
		}
		cur, next = next, p.other(next)
	}
	if cap(p.rowTmp) < len(out) {
		p.rowTmp = make([]float32, len(out))
	}
	tmp := p.rowTmp[:len(nodes)*d]
	p.a.mulRows(tmp, cur, d, nodes, p.workers)
	kernel.Axpy(1, tmp, out[:len(tmp)])
	kernel.Scale(p.invLayerCount, out[:len(tmp)])
}

// backward writes grad = P·G (Nodes()×dim, every value overwritten) where G is zero except on the listed
// nodes, whose rows are packed in g. g is scaled by α in place.
func (p *propagation) backward(grad, g []float32, nodes []int32) {
	d := p.dim
	kernel.Scale(p.invLayerCount, g[:len(nodes)*d])
	cur := p.bufA // h₁ = G + Â·G
	if p.layers == 1 {
		cur = grad
	}
	p.a.mulSparse(cur, g, d, nodes, &p.hits, p.workers)
	addRows(cur, g, nodes, d)
	for k := 2; k <= p.layers; k++ { // h_k = G + Â·h_{k-1}; grad = h_K
		next := p.other(cur)
		if k == p.layers {
			next = grad
		}
		p.a.mul(next, cur, nil, d, p.workers)
		addRows(next, g, nodes, d)
		cur = next
	}
}

// addRows adds row k of the packed rows to dst's row nodes[k], for each k.
func addRows(dst, rows []float32, nodes []int32, d int) {
	for k, r := range nodes {
		kernel.Axpy(1, rows[k*d:(k+1)*d], dst[int(r)*d:int(r+1)*d])
	}
}
