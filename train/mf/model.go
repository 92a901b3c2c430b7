package mf

import "github.com/corerec/corerec/internal/kernel"

// Model is a trained factorisation: user u's score for item i is U[u]·V[i] + B[i].
type Model struct {
	Users, Items, Dim int
	U, V              []float32 // row-major Users×Dim and Items×Dim
	B                 []float32 // item biases (zero unless Config.Bias)
}

// NumItems reports the catalog size (eval.Scorer).
func (m *Model) NumItems() int { return m.Items }

// Score writes user u's score for every item into out (eval.Scorer).
func (m *Model) Score(u int32, out []float32) {
	out = out[:m.Items]
	kernel.DotBatch(m.UserVec(u), m.V, out)
	kernel.Axpy(1, m.B, out)
}

// Augmented returns the model as plain dot-product embeddings of dimension Dim+1: each user vector gains a
// trailing 1 and each item vector its bias, so U'[u]·V'[i] = U[u]·V[i] + B[i].
func (m *Model) Augmented() (users, items []float32, dim int) {
	d := m.Dim + 1
	users, items = make([]float32, m.Users*d), make([]float32, m.Items*d)
	for u := range m.Users {
		copy(users[u*d:], m.U[u*m.Dim:(u+1)*m.Dim])
		users[u*d+m.Dim] = 1
	}
	for i := range m.Items {
		copy(items[i*d:], m.V[i*m.Dim:(i+1)*m.Dim])
		items[i*d+m.Dim] = m.B[i]
	}
	return users, items, d
}

// UserVec returns user u's vector (a view).
func (m *Model) UserVec(u int32) []float32 { return m.U[int(u)*m.Dim : int(u+1)*m.Dim] }

// ItemVec returns item i's vector (a view).
func (m *Model) ItemVec(i int32) []float32 { return m.V[int(i)*m.Dim : int(i+1)*m.Dim] }

func (m *Model) clone() *Model {
	c := *m
	c.U = append([]float32(nil), m.U...)
	c.V = append([]float32(nil), m.V...)
	c.B = append([]float32(nil), m.B...)
	return &c
}
