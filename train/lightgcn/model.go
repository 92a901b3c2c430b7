package lightgcn

import (
	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/train"
)

// Kind is the Manifest.Kind of a LightGCN bundle. The runtime serves it like any embedding bundle: the
// propagation is done at export time, so the bundle holds the final user and item vectors.
const Kind = "lightgcn"

// Model is a trained LightGCN: the final (layer-mean) user and item vectors. User u's score for item i is
// U[u]·V[i].
type Model struct {
	Users, Items, Dim int
	U, V              []float32 // row-major Users×Dim and Items×Dim
	// Ego is the layer-0 table (Users+Items)×Dim the final vectors were propagated from.
	Ego []float32
}

// NumItems reports the catalog size (eval.Scorer).
func (m *Model) NumItems() int { return m.Items }

// Score writes user u's score for every item into out (eval.Scorer).
func (m *Model) Score(u int32, out []float32) {
	kernel.DotBatch(m.UserVec(u), m.V, out[:m.Items])
}

// UserVec returns user u's final vector (a view).
func (m *Model) UserVec(u int32) []float32 { return m.U[int(u)*m.Dim : int(u+1)*m.Dim] }

// ItemVec returns item i's final vector (a view).
func (m *Model) ItemVec(i int32) []float32 { return m.V[int(i)*m.Dim : int(i+1)*m.Dim] }

// Embeddings returns base with the model's final vectors filled in (Dim, Users, Items) and Manifest.Kind
// set to Kind; base supplies the ids, seen items, popularity and the rest of the manifest. Its Builder
// writes a normal embedding bundle (dot-product metric).
func (m *Model) Embeddings(base train.Embeddings) *train.Embeddings {
	e := base
	e.Manifest.Kind = Kind
	e.Dim, e.Users, e.Items = m.Dim, m.U, m.V
	return &e
}

// newModel propagates ego (Nodes()×dim, rows in p's internal numbering rl) through p into a Model that owns
// its slices, its rows in the caller's numbering.
func newModel(p *propagation, rl *relabel, ego []float32) *Model {
	a := p.a
	out := make([]float32, a.Nodes()*p.dim)
	p.full(out, ego)
	out = rl.toOriginal(out, p.dim)
	cut := a.Users * p.dim
	return &Model{Users: a.Users, Items: a.Items, Dim: p.dim, U: out[:cut:cut], V: out[cut:],
		Ego: rl.toOriginal(ego, p.dim)}
}
