package seq

import (
	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/train/nn"
)

// preNormBlock is BlockPreNorm: h = LN₁(x); x += Wo·Attn(h); x += FFN(LN₂(x)). With out set (the last
// block of a forward that reads only some rows), the rows after the attention are those of out.
func (m *Model) preNormBlock(tp *nn.Tape, b *block, x *nn.Tensor, attn nn.AttentionConfig, out []int32) *nn.Tensor {
	c, drop := m.cfg, m.cfg.dropout()
	h := tp.LayerNorm(x, b.ln1g, b.ln1b, NormEps)
	a := tp.SelfAttention(tp.Linear(h, b.wqkv, b.bqkv, nn.ActNone), attn)
	if out != nil {
		x, a = gather(tp, x, out), gather(tp, a, out)
	}
	x = tp.Add(x, tp.Dropout(tp.Linear(a, b.wo, b.bo, nn.ActNone), drop))
	h = tp.LayerNorm(x, b.ln2g, b.ln2b, NormEps)
	f := tp.Linear(tp.Linear(h, b.w1, b.b1, c.activation()), b.w2, b.b2, nn.ActNone)
	return tp.Add(x, tp.Dropout(f, drop))
}

// sasrecBlock is BlockSASRec: h = LN₁(x); queries from h, keys and values from x; x = h + Wo·Attn;
// h = LN₂(x); x = h + FFN(h), with dropout after each feed-forward layer.
func (m *Model) sasrecBlock(tp *nn.Tape, b *block, x *nn.Tensor, attn nn.AttentionConfig, out []int32) *nn.Tensor {
	c, drop := m.cfg, m.cfg.dropout()
	h := tp.LayerNorm(x, b.ln1g, b.ln1b, NormEps)
	qkv := splitQKV(tp, tp.Linear(h, b.wqkv, b.bqkv, nn.ActNone), tp.Linear(x, b.wqkv, b.bqkv, nn.ActNone))
	a := tp.SelfAttention(qkv, attn)
	if out != nil {
		h, a = gather(tp, h, out), gather(tp, a, out)
	}
	x = tp.Add(h, tp.Dropout(tp.Linear(a, b.wo, b.bo, nn.ActNone), drop))
	h = tp.LayerNorm(x, b.ln2g, b.ln2b, NormEps)
	f := tp.Dropout(tp.Linear(h, b.w1, b.b1, c.activation()), drop)
	f = tp.Linear(f, b.w2, b.b2, nn.ActNone)
	return tp.Add(h, tp.Dropout(f, drop))
}

// bertBlock is BlockBERT: x = LN₁(x + Wo·Attn(x)); x = LN₂(x + FFN(x)).
func (m *Model) bertBlock(tp *nn.Tape, b *block, x *nn.Tensor, attn nn.AttentionConfig, out []int32) *nn.Tensor {
	c, drop := m.cfg, m.cfg.dropout()
	a := tp.SelfAttention(tp.Linear(x, b.wqkv, b.bqkv, nn.ActNone), attn)
	if out != nil {
		x, a = gather(tp, x, out), gather(tp, a, out)
	}
	x = tp.LayerNorm(tp.Add(x, tp.Dropout(tp.Linear(a, b.wo, b.bo, nn.ActNone), drop)), b.ln1g, b.ln1b, NormEps)
	f := tp.Linear(tp.Linear(x, b.w1, b.b1, c.activation()), b.w2, b.b2, nn.ActNone)
	return tp.LayerNorm(tp.Add(x, tp.Dropout(f, drop)), b.ln2g, b.ln2b, NormEps)
}

// splitQKV returns the rows×3·dim projection whose query columns are q's and whose key and value columns
// are kv's (both rows×3·dim).
func splitQKV(tp *nn.Tape, q, kv *nn.Tensor) *nn.Tensor {
	d := q.Cols / 3
	y := tp.New(q.Rows, q.Cols, (q.Grad != nil || kv.Grad != nil) && tp.Training())
	for r := range q.Rows {
		yr := y.Row(r)
		copy(yr[:d], q.Row(r)[:d])
		copy(yr[d:], kv.Row(r)[d:])
	}
	if y.Grad != nil {
		tp.Record(&splitQKVOp{q: q, kv: kv, y: y, d: d})
	}
	return y
}

type splitQKVOp struct {
	q, kv, y *nn.Tensor
	d        int
}

func (o *splitQKVOp) Backward(*nn.Tape) {
	for r := range o.y.Rows {
		g := o.y.GradRow(r)
		if o.q.Grad != nil {
			kernel.Axpy(1, g[:o.d], o.q.GradRow(r)[:o.d])
		}
		if o.kv.Grad != nil {
			kernel.Axpy(1, g[o.d:], o.kv.GradRow(r)[o.d:])
		}
	}
}
