package nn

import (
	"fmt"
	"math"

	"github.com/corerec/corerec/internal/kernel/gemm"
)

// Span locates one sequence in a batch: rows Start … Start+Len−1 of the tensors an attention
// op reads and writes.
type Span struct{ Start, Len int32 }

// AttentionConfig configures SelfAttention. The zero value is one head, bidirectional, one
// sequence over all rows, no dropout.
type AttentionConfig struct {
	// Heads splits the model dimension d into this many heads of d/Heads columns (default 1);
	// it must divide d.
	Heads int
	// Causal lets row i of a sequence attend only to rows 0…i of the same sequence (SASRec);
	// otherwise every row attends to its whole sequence (BERT4Rec).
	Causal bool
	// Spans locate the sequences, sorted by Start and not overlapping. Rows outside every span
	// are padding: their output is zero, they take no gradient, and no sequence attends to
	// them. A packed batch (spans back to back) has no padding at all. nil means one sequence
	// over all rows.
	Spans []Span
	// Dropout zeroes each attention probability with this probability while training and
	// scales the rest by 1/(1−Dropout) (default 0).
	Dropout float32
}

// attnBlock is the number of query rows the causal forward and backward passes handle at a
// time: a block of rows needs only the key columns up to its last row, so a causal sequence of
// n rows costs about n²/2 + n·attnBlock/2 score products instead of n².
const attnBlock = 32

// SelfAttention is multi-head scaled dot-product self-attention. qkv is N×3d: columns 0…d−1
// hold the queries, d…2d−1 the keys and 2d…3d−1 the values (one Linear of width 3d makes them,
// PyTorch's in_proj layout). For each sequence and head h it returns
// softmax(Q_h·K_hᵀ/√(d/Heads) + mask)·V_h in columns h·d/Heads…, an N×d tensor.
//
// Masked entries are left out of the softmax rather than set to −Inf, and padding rows are
// zeroed, so no row is ever fully masked and no NaN can appear. The op is fused: one pass per
// sequence and head with the score matrix kept for Backward (Σ Heads·Len² floats, twice that
// with dropout); sequences are split over the tape's workers.
func (t *Tape) SelfAttention(qkv *Tensor, cfg AttentionConfig) *Tensor {
	op := newAttnOp(qkv, cfg)
	grad := t.needsGrad(qkv)
	op.y = t.New(qkv.Rows, op.d, grad)
	op.clearPadding()
	var scratch []float32 // without a gradient: one n×n matrix per worker, reused
	if grad {
		op.keepProbs(t, cfg.Dropout)
	} else {
		scratch = t.Scratch(t.Parts(len(op.spans), 1) * op.maxN * op.maxN)
	}
	t.Parallel(len(op.spans), 1, func(p, lo, hi int) {
		for s := lo; s < hi; s++ {
			for h := range op.heads {
				var prob, drop []float32
				if grad {
					prob, drop = op.headProbs(s, h)
				} else {
					n := int(op.spans[s].Len)
					prob = scratch[p*op.maxN*op.maxN : p*op.maxN*op.maxN+n*n]
				}
				op.forward(s, h, prob, drop)
			}
		}
	})
	if grad {
		t.Record(op)
	}
	return op.y
}

// keepProbs allocates the probability matrices Backward needs (and their dropped-out copies) and draws
// the dropout stream.
func (o *attnOp) keepProbs(t *Tape, dropout float32) {
	o.offs = make([]int, len(o.spans))
	total := 0
	for i, s := range o.spans {
		o.offs[i] = total
		total += o.heads * int(s.Len) * int(s.Len)
	}
	o.probs = t.Scratch(total)
	if dropout > 0 {
		o.drop = t.Scratch(total)
		o.key = splitmix64(t.seed ^ splitmix64(t.draws))
		t.draws++
		o.keep = 1 / (1 - dropout)
		o.threshold = uint32(float64(dropout) * (1 << 24))
	}
}

type attnOp struct {
	qkv, y       *Tensor
	spans        []Span
	d, heads, dh int
	causal       bool
	scale        float32
	probs, drop  []float32 // per (span, head): the n×n probabilities, and after dropout
	offs         []int     // offset of each span's heads in probs
	maxN         int
	key          uint64 // dropout stream
	keep         float32
	threshold    uint32
}

func newAttnOp(qkv *Tensor, cfg AttentionConfig) *attnOp {
	heads := max(cfg.Heads, 1)
	if qkv.Cols%3 != 0 || (qkv.Cols/3)%heads != 0 || qkv.Cols == 0 {
		panic(fmt.Sprintf("nn: SelfAttention: qkv is %d×%d: need 3·d columns with d divisible by %d heads",
			qkv.Rows, qkv.Cols, heads))
	}
	if cfg.Dropout < 0 || cfg.Dropout >= 1 {
		panic(fmt.Sprintf("nn: SelfAttention: dropout %v is outside [0, 1)", cfg.Dropout))
	}
	d := qkv.Cols / 3
	op := &attnOp{qkv: qkv, spans: cfg.Spans, d: d, heads: heads, dh: d / heads, causal: cfg.Causal,
		scale: float32(1 / math.Sqrt(float64(d/heads)))}
	if op.spans == nil {
		op.spans = []Span{{0, int32(qkv.Rows)}}
	}
	end := int32(0)
	for i, s := range op.spans {
		if s.Start < end || s.Len < 0 || int(s.Start)+int(s.Len) > qkv.Rows {
			panic(fmt.Sprintf("nn: SelfAttention: span %d {%d, %d} overlaps the previous one or leaves the %d rows",
				i, s.Start, s.Len, qkv.Rows))
		}
		end = s.Start + s.Len
		op.maxN = max(op.maxN, int(s.Len))
	}
	return op
}

// clearPadding zeroes the output rows outside every span.
func (o *attnOp) clearPadding() {
	d, next := o.d, 0
	for _, s := range o.spans {
		clear(o.y.Data[next*d : int(s.Start)*d])
		next = int(s.Start + s.Len)
	}
	clear(o.y.Data[next*d:])
}

// headProbs returns span s's head-h probability matrices (n×n) kept for Backward.
func (o *attnOp) headProbs(s, h int) (prob, drop []float32) {
	n := int(o.spans[s].Len)
	off := o.offs[s] + h*n*n
	prob = o.probs[off : off+n*n]
	if o.drop != nil {
		drop = o.drop[off : off+n*n]
	}
	return prob, drop
}

// views returns the row-major views (with their strides) of span s, head h: queries, keys
// and values inside qkv (stride 3d) and the output (stride d), from Data or from Grad.
func (o *attnOp) views(s, h int, grad bool) (q, k, v, y []float32) {
	base, d := int(o.spans[s].Start), o.d
	src, dst := o.qkv.Data, o.y.Data
	if grad {
		src, dst = o.qkv.Grad, o.y.Grad
	}
	ld, c := 3*d, h*o.dh
	return src[base*ld+c:], src[base*ld+d+c:], src[base*ld+2*d+c:], dst[base*d+c:]
}

// limit is the number of key columns row i of an n-row sequence attends to.
func (o *attnOp) limit(i, n int) int {
	if o.causal {
		return i + 1
	}
	return n
}

// cols is the number of key columns a block of rows ending at i1 needs.
func (o *attnOp) cols(i1, n int) int {
	if o.causal {
		return i1
	}
	return n
}

// forward computes span s, head h: P = softmax(scale·Q·Kᵀ) masked (into prob, n×n, zero
// outside the mask), the dropped-out copy (into drop, when set) and the output rows.
func (o *attnOp) forward(s, h int, prob, drop []float32) {
	n := int(o.spans[s].Len)
	if n == 0 {
		return
	}
	q, k, v, y := o.views(s, h, false)
	ld, dh := 3*o.d, o.dh
	for i0 := 0; i0 < n; i0 += attnBlock {
		i1 := min(i0+attnBlock, n)
		cols := o.cols(i1, n)
		gemm.Gemm(false, true, i1-i0, cols, dh, o.scale, q[i0*ld:], ld, k, ld, 0, prob[i0*n:], n)
		for i := i0; i < i1; i++ {
			lim := o.limit(i, n)
			softmaxRow(prob[i*n : i*n+lim])
			clear(prob[i*n+lim : (i+1)*n])
		}
		pv := prob
		if drop != nil {
			o.dropRows(s, h, i0, i1, prob, drop)
			pv = drop
		}
		gemm.Gemm(false, false, i1-i0, dh, cols, 1, pv[i0*n:], n, v, ld, 0, y[i0*o.d:], o.d)
	}
}

// dropRows writes rows i0…i1−1 of drop = prob ∘ mask. The mask of each entry hashes its index
// in the op's probability storage, so it does not depend on the worker split.
func (o *attnOp) dropRows(s, h, i0, i1 int, prob, drop []float32) {
	n := int(o.spans[s].Len)
	base := uint64(o.offs[s] + h*n*n)
	for i := i0 * n; i < i1*n; i++ {
		m := o.keep
		if uint32(splitmix64(o.key+base+uint64(i))>>40) < o.threshold {
			m = 0
		}
		drop[i] = prob[i] * m
	}
}

// Backward: with P the probabilities, P̃ = P∘M after dropout, O = P̃·V and G = dO·Vᵀ:
// dV = P̃ᵀ·dO; dS_ij = scale·(P̃_ij·G_ij − P_ij·c_i) with c_i = Σ_j P̃_ij·G_ij (the softmax
// Jacobian through the mask: ∂P̃_ij/∂P_ij = M_ij and P_ij·M_ij = P̃_ij); dQ = dS·K, dK = dSᵀ·Q.
func (o *attnOp) Backward(t *Tape) {
	if o.qkv.Grad == nil {
		return
	}
	scratch := t.Scratch(t.Parts(len(o.spans), 1) * o.maxN * o.maxN)
	t.Parallel(len(o.spans), 1, func(p, lo, hi int) {
		ds := scratch[p*o.maxN*o.maxN : (p+1)*o.maxN*o.maxN]
		for s := lo; s < hi; s++ {
			for h := range o.heads {
				o.backward(s, h, ds)
			}
		}
	})
}

func (o *attnOp) backward(s, h int, ds []float32) {
	n := int(o.spans[s].Len)
	if n == 0 {
		return
	}
	prob, drop := o.headProbs(s, h)
	pv := prob
	if drop != nil {
		pv = drop
	}
	q, k, v, _ := o.views(s, h, false)
	gq, gk, gv, gy := o.views(s, h, true)
	ld, d, dh := 3*o.d, o.d, o.dh
	ds = ds[:n*n]
	for i0 := 0; i0 < n; i0 += attnBlock {
		i1 := min(i0+attnBlock, n)
		cols := o.cols(i1, n)
		gemm.Gemm(false, true, i1-i0, cols, dh, 1, gy[i0*d:], d, v, ld, 0, ds[i0*n:], n)
		for i := i0; i < i1; i++ {
			o.softmaxGrad(ds[i*n:(i+1)*n], prob[i*n:(i+1)*n], pv[i*n:(i+1)*n], o.limit(i, n))
		}
		gemm.Gemm(false, false, i1-i0, dh, cols, 1, ds[i0*n:], n, k, ld, 1, gq[i0*ld:], ld)
	}
	for j0 := 0; j0 < n; j0 += attnBlock {
		j1 := min(j0+attnBlock, n)
		r0 := 0 // first row attending to column j0
		if o.causal {
			r0 = j0
		}
		gemm.Gemm(true, false, j1-j0, dh, n-r0, 1, ds[r0*n+j0:], n, q[r0*ld:], ld, 1, gk[j0*ld:], ld)
		gemm.Gemm(true, false, j1-j0, dh, n-r0, 1, pv[r0*n+j0:], n, gy[r0*d:], d, 1, gv[j0*ld:], ld)
	}
}

// softmaxGrad turns row g = dO_i·Vᵀ into dS_i in place (zero beyond lim).
func (o *attnOp) softmaxGrad(g, prob, pv []float32, lim int) {
	var c float32
	for j, x := range g[:lim] {
		c += pv[j] * x
	}
	for j := range lim {
		g[j] = o.scale * (pv[j]*g[j] - prob[j]*c)
	}
	clear(g[lim:])
}
