package content

import (
	"fmt"
	"math"
	"slices"

	"github.com/corerec/corerec/internal/kernel"
)

// Vector is a sparse vector: ascending term indices and their weights.
type Vector struct {
	Terms   []int32
	Weights []float32
}

// NumItems is the number of items.
func (m *Model) NumItems() int { return m.Items.Rows }

// Row returns item i's vector (views into the model; do not modify).
func (m *Model) Row(i int32) Vector {
	a, b := m.Items.Indptr[i], m.Items.Indptr[i+1]
	return Vector{Terms: m.Items.Indices[a:b:b], Weights: m.Weights[a:b:b]}
}

// Vectorize returns the unit-norm vector of a new document with the model's vocabulary and idf (a cold
// item): terms outside the vocabulary are dropped.
func (m *Model) Vectorize(d Doc) Vector {
	tf := map[string]int{}
	for _, t := range d.terms(m.cfg.StopWords, nil) {
		tf[t]++
	}
	idx, w := m.weigh(tf)
	return Vector{Terms: idx, Weights: w}
}

// Profile returns the unit-norm mean of the vectors of items (a user profile); empty when the items have
// no terms. Out-of-range indices are an error.
func (m *Model) Profile(items []int32) (Vector, error) {
	acc := make([]float32, len(m.Vocab))
	var touched []int32
	for _, i := range items {
		if i < 0 || int(i) >= m.NumItems() {
			return Vector{}, fmt.Errorf("%w: item %d of %d", ErrInput, i, m.NumItems())
		}
		r := m.Row(i)
		for j, t := range r.Terms {
			if acc[t] == 0 {
				touched = append(touched, t)
			}
			acc[t] += r.Weights[j]
		}
	}
	return gather(acc, touched), nil
}

// gather turns a dense accumulator and its touched terms into a unit-norm sparse vector (sorting the
// terms). Scaling by 1/len(items) is left out: the norm takes it away.
func gather(acc []float32, touched []int32) Vector {
	slices.Sort(touched)
	v := Vector{Terms: touched, Weights: make([]float32, len(touched))}
	var ss float64
	for j, t := range touched {
		v.Weights[j] = acc[t]
		ss += float64(acc[t]) * float64(acc[t])
	}
	if ss > 0 {
		inv := float32(1 / math.Sqrt(ss))
		for j := range v.Weights {
			v.Weights[j] *= inv
		}
	}
	return v
}

// Scores writes every item's cosine to q into out (len NumItems), through the inverted index.
func (m *Model) Scores(q Vector, out []float32) {
	clear(out)
	for j, t := range q.Terms {
		qw := q.Weights[j]
		for p := m.Terms.Indptr[t]; p < m.Terms.Indptr[t+1]; p++ {
			out[m.Terms.Indices[p]] += qw * m.TermWeights[p]
		}
	}
}

// Top returns the k items most similar to q with a positive score, best first (ties: smaller index),
// skipping those skip reports (skip may be nil).
func (m *Model) Top(q Vector, k int, skip func(i int32) bool) []kernel.Scored {
	scores := make([]float32, m.NumItems())
	m.Scores(q, scores)
	top := kernel.NewTopK(k)
	for i, s := range scores {
		if s > 0 && (skip == nil || !skip(int32(i))) {
			top.Push(int32(i), s)
		}
	}
	return top.Sorted(nil)
}

// Similar returns the k items most similar to item i (itself excluded); nil for an index out of range.
// The query is the one-item profile (the item's vector renormalised), as the runtime computes it.
func (m *Model) Similar(i int32, k int) []kernel.Scored {
	q, err := m.Profile([]int32{i})
	if err != nil {
		return nil
	}
	return m.Top(q, k, func(j int32) bool { return j == i })
}
