package runtime

import (
	"github.com/corerec/corerec/internal/kernel"
)

// seqState is one window's working memory: the keys and values of every block — the cache that lets a
// causal model add an item without recomputing the window — the residual stream and scratch rows, all
// sized for maxLen rows so that a state is reused without allocating.
type seqState struct {
	items  []int32     // the window's items, oldest first (BERT4Rec: without the mask token)
	n      int         // rows in the caches: len(items), +1 for BERT4Rec's mask token
	k, v   [][]float32 // per block: heads × maxLen × dh
	x, h   []float32   // maxLen × dim: the residual stream and a normalised or projected copy
	att    []float32   // maxLen × dim
	qkv    []float32   // maxLen × 3·dim
	f      []float32   // maxLen × ffn
	scores []float32   // maxLen
	probs  []float32   // maxLen × maxLen: one head's attention probabilities over a window
	row    []float32   // dim: one item's dequantized embedding
	out    []float32   // dim: the user vector (final layer norm of the last row)
}

func (m *seqModel) newState() *seqState {
	L, d := m.maxLen, m.dim
	st := &seqState{items: make([]int32, 0, L), x: make([]float32, L*d), h: make([]float32, L*d),
		att: make([]float32, L*d), qkv: make([]float32, L*3*d), f: make([]float32, L*m.ffn),
		scores: make([]float32, L), probs: make([]float32, L*L), row: make([]float32, 0, d), out: make([]float32, d)}
	for range m.blocks {
		st.k = append(st.k, make([]float32, L*d))
		st.v = append(st.v, make([]float32, L*d))
	}
	return st
}

func (m *seqModel) getState() *seqState {
	if st, ok := m.states.Get().(*seqState); ok {
		return st
	}
	return m.newState()
}

func (m *seqModel) putState(st *seqState) { m.states.Put(st) }

// embed writes row t's input: embScale·(item embedding, or the mask token for item < 0) + position t,
// layer-normalised in the BERT layout.
func (m *seqModel) embed(st *seqState, t int, item int32, dst []float32) {
	e := m.mask
	if item >= 0 {
		st.row = m.items.vector(item, st.row[:0])
		e = st.row
	}
	d := m.dim
	pos := m.pos[t*d : (t+1)*d]
	for j := range dst[:d] {
		dst[j] = m.embScale*e[j] + pos[j]
	}
	if m.bert {
		layerNorm(dst[:d], dst, m.lnG, m.lnB, m.eps)
	}
}

// output writes the user vector of the window's last residual row x: the final layer norm (the BERT
// layout has none after its post-norm blocks).
func (m *seqModel) output(st *seqState, x []float32) {
	if m.bert {
		copy(st.out, x)
		return
	}
	layerNorm(x, st.out, m.lnG, m.lnB, m.eps)
}

// prefill runs the whole window (items oldest first, at most maxLen, or maxLen−1 for BERT4Rec) through
// the transformer, filling the caches of every block and st.out. Only the last row's output is needed, so
// the last block's attention and feed-forward run on that row alone.
func (m *seqModel) prefill(st *seqState, items []int32) {
	st.items = append(st.items[:0], items...) // items may alias st.items: read st.items from here on
	items = st.items
	rows := len(items)
	if !m.causal {
		rows++
	}
	st.n = rows
	if rows == 0 {
		clear(st.out)
		return
	}
	d := m.dim
	for t, it := range items {
		m.embed(st, t, it, st.x[t*d:(t+1)*d])
	}
	if !m.causal {
		m.embed(st, rows-1, -1, st.x[(rows-1)*d:rows*d])
	}
	last := len(m.blocks) - 1
	for l := range m.blocks {
		from := 0
		if l == last {
			from = rows - 1
		}
		m.blockRows(st, l, from, rows)
	}
	m.output(st, st.x[(rows-1)*d:rows*d])
}

// blockRows runs block l over a window of rows rows: keys and values for all of them into the cache,
// attention and feed-forward for rows from…rows−1 (whose residual rows in st.x are updated).
func (m *seqModel) blockRows(st *seqState, l, from, rows int) {
	b, d := &m.blocks[l], m.dim
	if !m.bert { // post-norm: the projections read x itself
		for t := range rows {
			layerNorm(st.x[t*d:(t+1)*d], st.h[t*d:(t+1)*d], b.ln1g, b.ln1b, m.eps)
		}
	}
	if m.bert {
		linear(st.x, rows, d, b.wqkv, b.bqkv, st.qkv)
	} else if m.sasrec { // keys and values from x, queries from h
		n := rows - from
		linear(st.x, rows, d, b.wqkv, b.bqkv, st.qkv)
		linear(st.h[from*d:], n, d, b.wqkv[:d*d], b.bqkv[:d], st.att)
		for r := range n {
			copy(st.qkv[(from+r)*3*d:(from+r)*3*d+d], st.att[r*d:(r+1)*d])
		}
	} else {
		linear(st.h, rows, d, b.wqkv, b.bqkv, st.qkv)
	}
	for t := range rows {
		m.storeKV(st, l, t, st.qkv[t*3*d:(t+1)*3*d])
	}
	if from == rows-1 {
		m.attend(st, l, st.qkv[from*3*d:from*3*d+d], rows, st.att[:d])
	} else {
		m.attendRows(st, l, from, rows)
	}
	m.finish(st, l, st.x[from*d:rows*d], st.h[from*d:rows*d], rows-from)
}

// finish applies block l's output projection, residual and feed-forward to n rows of attention output
// (st.att) and their residual rows x; h holds the rows' first layer norm, which starts the residual in
// the SASRec layout.
func (m *seqModel) finish(st *seqState, l int, x, h []float32, n int) {
	b, d := &m.blocks[l], m.dim
	if m.sasrec {
		copy(x, h[:n*d])
	}
	linear(st.att, n, d, b.wo, b.bo, st.h)
	kernel.Axpy(1, st.h[:n*d], x)
	if m.bert {
		m.finishPostNorm(st, b, x, n)
		return
	}
	for r := range n {
		layerNorm(x[r*d:(r+1)*d], st.att[r*d:(r+1)*d], b.ln2g, b.ln2b, m.eps)
	}
	if m.sasrec {
		copy(x, st.att[:n*d])
	}
	linear(st.att, n, d, b.w1, b.b1, st.f)
	m.act.apply(st.f[:n*m.ffn])
	linear(st.f, n, m.ffn, b.w2, b.b2, st.h)
	kernel.Axpy(1, st.h[:n*d], x)
}

// finishPostNorm ends a BERT-layout block on n rows x that already hold x + Wo·Attn:
// x = LN₁(x); x = LN₂(x + FFN(x)).
func (m *seqModel) finishPostNorm(st *seqState, b *seqBlock, x []float32, n int) {
	d := m.dim
	for r := range n {
		layerNorm(x[r*d:(r+1)*d], x[r*d:(r+1)*d], b.ln1g, b.ln1b, m.eps)
	}
	linear(x, n, d, b.w1, b.b1, st.f)
	m.act.apply(st.f[:n*m.ffn])
	linear(st.f, n, m.ffn, b.w2, b.b2, st.h)
	kernel.Axpy(1, st.h[:n*d], x)
	for r := range n {
		layerNorm(x[r*d:(r+1)*d], x[r*d:(r+1)*d], b.ln2g, b.ln2b, m.eps)
	}
}

// storeKV copies one row's keys and values (from its qkv row) into block l's cache at row t.
func (m *seqModel) storeKV(st *seqState, l, t int, qkv []float32) {
	d, dh, L := m.dim, m.dh, m.maxLen
	for h := range m.heads {
		copy(st.k[l][h*L*dh+t*dh:h*L*dh+(t+1)*dh], qkv[d+h*dh:d+(h+1)*dh])
		copy(st.v[l][h*L*dh+t*dh:h*L*dh+(t+1)*dh], qkv[2*d+h*dh:2*d+(h+1)*dh])
	}
}

// attend writes into dst (dim) the attention of query q (dim) over the first lim cached rows of block l.
func (m *seqModel) attend(st *seqState, l int, q []float32, lim int, dst []float32) {
	dh, L := m.dh, m.maxLen
	scale := 1 / sqrt32(float32(dh))
	clear(dst)
	for h := range m.heads {
		s := st.scores[:lim]
		kernel.DotBatch(q[h*dh:(h+1)*dh], st.k[l][h*L*dh:h*L*dh+lim*dh], s)
		kernel.Scale(scale, s)
		softmax(s)
		o := dst[h*dh : (h+1)*dh]
		vs := st.v[l][h*L*dh:]
		for j, p := range s {
			kernel.Axpy(p, vs[j*dh:(j+1)*dh], o)
		}
	}
}

// attendRows writes into st.att the attention of rows from…rows−1 over block l's cache, a head at a time
// as two matrix products: S = scale·Q·Kᵀ (masked to each row's keys), O = softmax(S)·V.
func (m *seqModel) attendRows(st *seqState, l, from, rows int) {
	d, dh, L := m.dim, m.dh, m.maxLen
	n := rows - from
	scale := 1 / sqrt32(float32(dh))
	s := st.probs[:n*rows]
	for h := range m.heads {
		k, v := st.k[l][h*L*dh:h*L*dh+rows*dh], st.v[l][h*L*dh:h*L*dh+rows*dh]
		kernel.Gemm(false, true, n, rows, dh, scale, st.qkv[from*3*d+h*dh:], 3*d, k, dh, 0, s, rows)
		for r := range n {
			lim := rows
			if m.causal {
				lim = from + r + 1
			}
			softmax(s[r*rows : r*rows+lim])
			clear(s[r*rows+lim : (r+1)*rows])
		}
		kernel.Gemm(false, false, n, dh, rows, 1, s, rows, v, dh, 0, st.att[h*dh:], d)
	}
}

// appendItem adds one item after a causal window of fewer than maxLen rows: one row through every block
// against the cached keys and values, O(rows·dim + dim·ffn) per block instead of a new prefill.
func (m *seqModel) appendItem(st *seqState, item int32) {
	t, d := st.n, m.dim
	st.items = append(st.items, item)
	st.n++
	x := st.x[:d] // the residual stream of the new row; older rows are not needed again
	m.embed(st, t, item, x)
	for l := range m.blocks {
		b := &m.blocks[l]
		if m.bert {
			linear(x, 1, d, b.wqkv, b.bqkv, st.qkv)
		} else if layerNorm(x, st.h[:d], b.ln1g, b.ln1b, m.eps); m.sasrec { // keys and values from x, queries from h
			linear(x, 1, d, b.wqkv, b.bqkv, st.qkv)
			linear(st.h, 1, d, b.wqkv[:d*d], b.bqkv[:d], st.qkv[:d])
		} else {
			linear(st.h, 1, d, b.wqkv, b.bqkv, st.qkv)
		}
		m.storeKV(st, l, t, st.qkv[:3*d])
		m.attend(st, l, st.qkv[:d], t+1, st.att[:d])
		m.finish(st, l, x, st.h[:d], 1)
	}
	m.output(st, x)
}
