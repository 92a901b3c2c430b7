package runtime

import (
	"context"
	"math"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/kernel"
)

// rankChunk is how many candidates one pass of the forward handles: its activations (a few hundred floats a
// row) stay in L2 while the layers' weights stream over them.
const rankChunk = 256

// rankScratch holds one request's buffers; Ranker.pool recycles them.
type rankScratch struct {
	xu               []float32 // the user's part of x0 (du)
	c0, cg, ch, su   []float32 // request constants: first cross layer, its gates, first deep layer, FM user sum
	x0, xl, z, t, gl []float32 // per-chunk activations
	h                [2][]float32
	lin              []float32 // per-chunk first-order sums of the item fields
	rows             []int32
}

func (r *Ranker) scratch() *rankScratch {
	if s, ok := r.pool.Get().(*rankScratch); ok {
		return s
	}
	d, n := r.d, rankChunk
	s := &rankScratch{xu: make([]float32, r.du), x0: make([]float32, n*d), xl: make([]float32, n*d),
		lin: make([]float32, n), su: make([]float32, r.k)}
	wide := d
	if c := r.spec.Cross; c.Rank > 0 {
		e := c.experts()
		wide = e * d
		s.t = make([]float32, n*e*c.Rank)
		s.c0 = make([]float32, e*c.Rank)
		s.cg = make([]float32, e)
		s.gl = make([]float32, n*e)
	} else {
		s.c0 = make([]float32, d)
	}
	s.z = make([]float32, n*wide)
	hmax := 0
	for _, l := range r.deep {
		hmax = max(hmax, l.out)
	}
	s.h = [2][]float32{make([]float32, n*hmax), make([]float32, n*hmax)}
	s.ch = make([]float32, hmax)
	return s
}

// Rank scores items (ids of the item key) for user and returns the logits, one per item, appended to
// scores[:0] (pass a buffer to reuse it). An item the bundle does not know gets the unknown codes on every item
// field and is still scored. The logit is the model's output before the sigmoid: order by it.
func (r *Ranker) Rank(ctx context.Context, user RankUser, items []string, scores []float32) ([]float32, error) {
	s := r.scratch()
	defer r.pool.Put(s)
	s.rows = s.rows[:0]
	for _, id := range items {
		i, ok := r.itemVocab.Index(id)
		if !ok {
			i = -1
		}
		s.rows = append(s.rows, int32(i))
	}
	return r.rank(ctx, s, &user, s.rows, scores)
}

// RankIndices is Rank for items given as ranker item rows (ItemIndex; −1 or out of range = unknown).
func (r *Ranker) RankIndices(ctx context.Context, user RankUser, items []int32, scores []float32) ([]float32, error) {
	s := r.scratch()
	defer r.pool.Put(s)
	s.rows = append(s.rows[:0], items...)
	for i, it := range s.rows {
		if it < 0 || int(it) >= r.nItems {
			s.rows[i] = -1
		}
	}
	return r.rank(ctx, s, &user, s.rows, scores)
}

func (r *Ranker) rank(ctx context.Context, s *rankScratch, u *RankUser, rows []int32, scores []float32) ([]float32, error) {
	if err := ctx.Err(); err != nil {
		return scores, fmtlite.Errorf("runtime: rank: %w", err)
	}
	linU := r.encodeUser(u, s.xu) + r.outB
	r.requestConstants(s)
	if cap(scores) < len(rows) {
		scores = make([]float32, len(rows))
	}
	scores = scores[:len(rows)]
	for lo := 0; lo < len(rows); lo += rankChunk {
		if lo > 0 && ctx.Err() != nil {
			return scores[:0], fmtlite.Errorf("runtime: rank: %w", ctx.Err())
		}
		hi := min(lo+rankChunk, len(rows))
		r.forwardChunk(s, rows[lo:hi], scores[lo:hi], linU)
	}
	return scores, nil
}

// requestConstants computes the user's share of every layer that reads x0: x0·Wᵀ splits into the user's
// columns (once per request) and the item's (per candidate).
func (r *Ranker) requestConstants(s *rankScratch) {
	d := r.d
	if len(r.cross) > 0 {
		c := r.cross[0]
		if c.w != nil {
			partial(c.w, d, d, s.xu, c.b, s.c0)
		} else {
			partial(c.v, len(c.v)/d, d, s.xu, nil, s.c0)
			if c.g != nil {
				partial(c.g, len(s.cg), d, s.xu, nil, s.cg)
			}
		}
	}
	if len(r.deep) > 0 && (r.spec.Model != RankDCN || !r.spec.Stacked || len(r.cross) == 0) {
		l := r.deep[0]
		partial(l.w, l.out, l.in, s.xu, l.b, s.ch[:l.out])
	}
	if r.spec.Model == RankDeepFM {
		clear(s.su)
		for c := 0; c < r.userEmbCols; c += r.k {
			kernel.Axpy(1, s.xu[c:c+r.k], s.su)
		}
	}
}

// partial writes dst[o] = Σ_{j<len(xu)} w[o, j]·xu[j] + bias[o] for the out×in matrix w (bias may be nil).
func partial(w []float32, out, in int, xu, bias, dst []float32) {
	for o := range out {
		v := kernel.Dot(w[o*in:o*in+len(xu)], xu)
		if bias != nil {
			v += bias[o]
		}
		dst[o] = v
	}
}

// itemGemm computes dst (n×out) = X[:, du:]·W[:, du:]ᵀ + c for x of row stride ld, w out×in and a per-request
// row constant c: a layer that reads x0, on the candidate's columns only.
func (r *Ranker) itemGemm(n int, x []float32, ld int, w []float32, out, in int, c, dst []float32) {
	du := r.du
	fillRows(dst, n, c[:out])
	r.mulWT(n, out, in-du, x[du:], ld, w[du:], in, 1, dst, out)
}

// forwardDCN writes the DCN-v2 logits (without the user's constant) of one chunk into out.
func (r *Ranker) forwardDCN(s *rankScratch, rows []int32, out []float32) {
	n, d := len(rows), r.d
	x0, xl := s.x0[:n*d], s.xl[:n*d]
	for i := range n {
		copy(x0[i*d:i*d+r.du], s.xu)
	}
	r.encodeItems(rows, x0, d, s.lin)
	copy(xl, x0)
	for l, c := range r.cross {
		if c.w != nil {
			r.crossFull(s, l, c, n, x0, xl)
		} else {
			r.crossMix(s, l, c, n, x0, xl)
		}
	}
	h, hw := xl, d
	if len(r.deep) > 0 {
		if r.spec.Stacked && len(r.cross) > 0 {
			h, hw = r.deepForward(s, n, xl, false)
		} else {
			h, hw = r.deepForward(s, n, x0, true)
		}
	}
	for i := range n {
		v := s.lin[i]
		switch {
		case len(r.deep) == 0:
			v += kernel.Dot(r.outW, xl[i*d:(i+1)*d])
		case len(r.cross) == 0 || r.spec.Stacked:
			v += kernel.Dot(r.outW, h[i*hw:(i+1)*hw])
		default:
			v += kernel.Dot(r.outW[:d], xl[i*d:(i+1)*d]) + kernel.Dot(r.outW[d:], h[i*hw:(i+1)*hw])
		}
		out[i] = v
	}
}

// crossFull runs full-rank cross layer l in place on xl: xl = x0 ⊙ (xl·Wᵀ + b) + xl.
func (r *Ranker) crossFull(s *rankScratch, l int, c crossWeights, n int, x0, xl []float32) {
	d := r.d
	z := s.z[:n*d]
	if l == 0 {
		r.itemGemm(n, x0, d, c.w, d, d, s.c0, z)
	} else {
		fillRows(z, n, c.b)
		r.mulWT(n, d, d, xl, d, c.w, d, 1, z, d)
	}
	crossUpdate(xl, x0, z) // xl += x0 ⊙ (xl·Wᵀ + b)
}

// crossMix runs a low-rank mixture cross layer in place on xl.
func (r *Ranker) crossMix(s *rankScratch, l int, c crossWeights, n int, x0, xl []float32) {
	d := r.d
	e := len(c.b) / d
	rank := len(c.v) / (e * d)
	er := e * rank
	t := s.t[:n*er]
	if l == 0 {
		r.itemGemm(n, x0, d, c.v, er, d, s.c0, t)
	} else {
		r.mulWT(n, er, d, xl, d, c.v, d, 0, t, er)
	}
	var g []float32
	if c.g != nil {
		g = s.gl[:n*e]
		if l == 0 {
			r.itemGemm(n, x0, d, c.g, e, d, s.cg, g)
		} else {
			r.mulWT(n, e, d, xl, d, c.g, d, 0, g, e)
		}
		for i := range n {
			softmaxInPlace(g[i*e : (i+1)*e])
		}
	}
	z := s.z[:n*e*d]
	for k := range e {
		r.mulWT(n, d, rank, t[k*rank:], er, c.u[k*d*rank:], rank, 0, z[k*d:], e*d)
	}
	for i := range n {
		a, y := x0[i*d:(i+1)*d], xl[i*d:(i+1)*d]
		for k := range e {
			zk, bk := z[(i*e+k)*d:(i*e+k+1)*d], c.b[k*d:(k+1)*d]
			w := float32(1)
			if g != nil {
				w = g[i*e+k]
			}
			for j := range y {
				y[j] += w * a[j] * (zk[j] + bk[j])
			}
		}
	}
}

// deepForward runs the deep layers (ReLU) on in and returns the last activations and their width. fromX0
// says in is x0, whose first layer uses the request constant.
func (r *Ranker) deepForward(s *rankScratch, n int, in []float32, fromX0 bool) ([]float32, int) {
	x, w := in, r.d
	for l, dl := range r.deep {
		h := s.h[l%2][:n*dl.out]
		if l == 0 && fromX0 {
			r.itemGemm(n, x, w, dl.w, dl.out, dl.in, s.ch[:dl.out], h)
		} else {
			fillRows(h, n, dl.b)
			r.mulWT(n, dl.out, dl.in, x, w, dl.w, dl.in, 1, h, dl.out)
		}
		relu(h)
		x, w = h, dl.out
	}
	return x, w
}

// forwardFM writes the DeepFM (or LR) logits of one chunk, without the user's constant, into out.
func (r *Ranker) forwardFM(s *rankScratch, rows []int32, out []float32) {
	n, d, k := len(rows), r.d, r.k
	x0 := s.x0[:n*d]
	r.encodeItems(rows, x0, d, s.lin)
	if r.spec.Model == RankLR {
		copy(out, s.lin[:n])
		return
	}
	fmUU := fmHalf(s.xu[:r.userEmbCols], k, s.su)
	for i := range n {
		row := x0[i*d+r.du : i*d+r.du+r.itemEmbCols]
		si := s.z[:k]
		fmII := fmHalf(row, k, si)
		out[i] = s.lin[i] + fmUU + fmII + kernel.Dot(s.su, si)
	}
	if len(r.deep) > 0 {
		for i := range n {
			copy(x0[i*d:i*d+r.du], s.xu)
		}
		h, hw := r.deepForward(s, n, x0, true)
		for i := range n {
			out[i] += kernel.Dot(r.outW, h[i*hw:(i+1)*hw])
		}
	}
}

// fmHalf returns ½(|Σ_f v_f|² − Σ_f |v_f|²) over the fields of width k in row, leaving Σ_f v_f in sum.
func fmHalf(row []float32, k int, sum []float32) float32 {
	clear(sum)
	var sq float32
	for f := 0; f < len(row); f += k {
		v := row[f : f+k]
		kernel.Axpy(1, v, sum)
		sq += kernel.Dot(v, v)
	}
	return 0.5 * (kernel.Dot(sum, sum) - sq)
}

// softmaxInPlace replaces v with softmax(v).
func softmaxInPlace(v []float32) {
	m := v[0]
	for _, x := range v {
		m = max(m, x)
	}
	var s float32
	for i, x := range v {
		e := float32(math.Exp(float64(x - m)))
		v[i] = e
		s += e
	}
	for i := range v {
		v[i] /= s
	}
}

// forwardChunk writes the logits of one chunk of candidates (at most rankChunk rows) into out: the model's
// forward plus the user's constant share linU.
func (r *Ranker) forwardChunk(s *rankScratch, rows []int32, out []float32, linU float32) {
	switch r.spec.Model {
	case RankDCN:
		r.forwardDCN(s, rows, out)
	default:
		r.forwardFM(s, rows, out)
	}
	for i := range out {
		out[i] += linU
	}
}
