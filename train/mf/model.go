package mf

import "github.com/corerec/corerec/internal/kernel"

// Model is a trained factorisation: user u's score for item i is U[u]·V[i].
type Model struct {
	Users, Items, Dim int
	U, V              []float32 // row-major Users×Dim and Items×Dim
}

// NumItems reports the catalog size (eval.Scorer).
func (m *Model) NumItems() int { return m.Items }

// Score writes user u's score for every item into out (eval.Scorer).
func (m *Model) Score(u int32, out []float32) {
	kernel.DotBatch(m.UserVec(u), m.V, out[:m.Items])
}

// UserVec returns user u's vector (a view).
func (m *Model) UserVec(u int32) []float32 { return m.U[int(u)*m.Dim : int(u+1)*m.Dim] }

// ItemVec returns item i's vector (a view).
func (m *Model) ItemVec(i int32) []float32 { return m.V[int(i)*m.Dim : int(i+1)*m.Dim] }

func (m *Model) clone() *Model {
	c := *m
	c.U = append([]float32(nil), m.U...)
	c.V = append([]float32(nil), m.V...)
	return &c
}
