package nn

import "fmt"

// CrossMix returns a low-rank DCN-v2 cross layer with a mixture of K experts (DCN-Mix without
// the inner nonlinearities):
//
//	y = Σ_k g_k · x0 ⊙ (U_k·(V_k·xl) + b_k) + xl,   g = softmax(xl·Gᵀ)
//
// for x0 and xl of n×d. v holds the K down-projections stacked, (K·r)×d (expert k's V_k is
// rows k·r…k·r+r−1); u holds the up-projections, (K·d)×r; b is K×d (nil for none); gate is
// K×d, and must be nil when K = 1 (then g = 1: a plain low-rank cross layer).
func (t *Tape) CrossMix(x0, xl *Tensor, v, u, b, gate *Param) *Tensor {
	sameShape("CrossMix", x0, xl)
	n, d := x0.Rows, x0.Cols
	if v.Cols != d || u.Rows%d != 0 {
		panic(fmt.Sprintf("nn: CrossMix: x is n×%d, v %q is %d×%d, u %q is %d×%d", d, v.Name, v.Rows, v.Cols, u.Name, u.Rows, u.Cols))
	}
	k := u.Rows / d
	r := u.Cols
	if k < 1 || v.Rows != k*r || (b != nil && b.Len() != k*d) || (k == 1) != (gate == nil) ||
		(gate != nil && (gate.Rows != k || gate.Cols != d)) {
		panic(fmt.Sprintf("nn: CrossMix: inconsistent shapes for %d experts of rank %d over d=%d", k, r, d))
	}
	o := &crossMixOp{x0: x0, xl: xl, v: v, u: u, b: b, gate: gate, k: k, r: r}
	o.tv = t.Scratch(n * k * r)
	t.gemm(false, true, n, k*r, d, 1, xl.Data, d, v.Data, d, 0, o.tv, k*r)
	o.z = t.Scratch(n * k * d)
	for e := range k {
		t.gemm(false, true, n, d, r, 1, o.tv[e*r:], k*r, u.Data[e*d*r:], r, 0, o.z[e*d:], k*d)
	}
	if gate != nil {
		o.g = t.Scratch(n * k)
		t.gemm(false, true, n, k, d, 1, xl.Data, d, gate.Data, d, 0, o.g, k)
		for i := range n {
			softmaxRow(o.g[i*k : (i+1)*k])
		}
	}
	y := t.New(n, d, t.train)
	t.parallel(n, rowChunk(k*d), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			o.forwardRow(i, y.Data[i*d:(i+1)*d])
		}
	})
	o.y = y
	if t.train {
		t.Record(o)
	}
	return y
}

type crossMixOp struct {
	x0, xl, y     *Tensor
	v, u, b, gate *Param
	k, r          int
	tv, z, g      []float32 // xl·Vᵀ (n×K·r), U_k·tv_k + b_k (n×K·d), gates (n×K)
}

// forwardRow adds the bias into z and writes row i of y.
func (o *crossMixOp) forwardRow(i int, yr []float32) {
	d, k := o.x0.Cols, o.k
	a := o.x0.Data[i*d : (i+1)*d]
	copy(yr, o.xl.Data[i*d:(i+1)*d])
	for e := range k {
		z := o.z[(i*k+e)*d : (i*k+e+1)*d]
		if o.b != nil {
			for j, bv := range o.b.Data[e*d : (e+1)*d] {
				z[j] += bv
			}
		}
		g := float32(1)
		if o.g != nil {
			g = o.g[i*k+e]
		}
		for j, zv := range z {
			yr[j] += g * a[j] * zv
		}
	}
}

// Backward: with e_k = x0 ⊙ z_k, dz_k = g_k·dy ⊙ x0, dx0 += Σ g_k·dy ⊙ z_k,
// dg_k = ⟨dy, e_k⟩, the softmax's gradient into the gate logits, and the two projections'.
func (o *crossMixOp) Backward(t *Tape) {
	n, d, k, r := o.x0.Rows, o.x0.Cols, o.k, o.r
	dy := o.y.Grad
	dz := t.Scratch(n * k * d)
	var dg []float32
	if o.g != nil {
		dg = t.Scratch(n * k)
	}
	t.parallel(n, rowChunk(k*d), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			o.backwardRow(i, dy[i*d:(i+1)*d], dz[i*k*d:(i+1)*k*d], dg)
		}
	})
	if o.b != nil {
		t.colSums(dz, n, k*d, o.b.Grad)
	}
	dtv := t.Zeros(n * k * r)
	for e := range k {
		// dU_k += dz_kᵀ·tv_k ; dtv_k = dz_k·U_k
		t.gemm(true, false, d, r, n, 1, dz[e*d:], k*d, o.tv[e*r:], k*r, 1, o.u.Grad[e*d*r:], r)
		t.gemm(false, false, n, r, d, 1, dz[e*d:], k*d, o.u.Data[e*d*r:], r, 0, dtv[e*r:], k*r)
	}
	t.gemm(true, false, k*r, d, n, 1, dtv, k*r, o.xl.Data, d, 1, o.v.Grad, d)
	if o.xl.Grad != nil {
		t.gemm(false, false, n, d, k*r, 1, dtv, k*r, o.v.Data, d, 1, o.xl.Grad, d)
	}
	if o.g != nil {
		t.gemm(true, false, k, d, n, 1, dg, k, o.xl.Data, d, 1, o.gate.Grad, d)
		if o.xl.Grad != nil {
			t.gemm(false, false, n, d, k, 1, dg, k, o.gate.Data, d, 1, o.xl.Grad, d)
		}
	}
}

// backwardRow fills row i of dz (n×K·d) and of dg (the gate logits' gradient), and adds
// row i's direct gradients into x0 and xl.
func (o *crossMixOp) backwardRow(i int, dy, dz, dg []float32) {
	d, k := o.x0.Cols, o.k
	a := o.x0.Data[i*d : (i+1)*d]
	var gx0, gxl []float32
	if o.x0.Grad != nil {
		gx0 = o.x0.Grad[i*d : (i+1)*d]
	}
	if o.xl.Grad != nil {
		gxl = o.xl.Grad[i*d : (i+1)*d]
		for j, v := range dy {
			gxl[j] += v
		}
	}
	var dot float64 // Σ_k g_k·dg_k for the softmax
	for e := range k {
		z := o.z[(i*k+e)*d : (i*k+e+1)*d]
		dze := dz[e*d : (e+1)*d]
		g := float32(1)
		if o.g != nil {
			g = o.g[i*k+e]
		}
		var s float64
		for j, v := range dy {
			dze[j] = g * v * a[j]
			s += float64(v) * float64(a[j]) * float64(z[j])
			if gx0 != nil {
				gx0[j] += g * v * z[j]
			}
		}
		if dg != nil {
			dg[i*k+e] = float32(s)
			dot += float64(g) * s
		}
	}
	if dg != nil {
		for e := range k {
			g := o.g[i*k+e]
			dg[i*k+e] = g * (dg[i*k+e] - float32(dot))
		}
	}
}
