package ann

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// clustered returns n unit rows of dim values drawn around `clusters` random unit centres, the
// shape of learned item embeddings; the noise is spread sd around each centre.
func clustered(n, dim, clusters int, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 1))
	centres := make([]float32, clusters*dim)
	for i := range centres {
		centres[i] = float32(rng.NormFloat64())
	}
	const sd = 0.35
	data := make([]float32, n*dim)
	for i := range n {
		c := rng.IntN(clusters)
		row := data[i*dim : (i+1)*dim]
		for j := range row {
			row[j] = centres[c*dim+j]/float32(math.Sqrt(float64(dim))) + float32(sd*rng.NormFloat64()/math.Sqrt(float64(dim)))
		}
		normalize(row)
	}
	return data
}

func normalize(row []float32) {
	var s float64
	for _, x := range row {
		s += float64(x) * float64(x)
	}
	if s > 0 {
		inv := float32(1 / math.Sqrt(s))
		for j := range row {
			row[j] *= inv
		}
	}
}

// truth returns, for each query, the exact scores of all rows (float64, under metric) and the
// k-th best score, for tie-aware recall.
type truth struct {
	kth  []float64 // per query: the k-th best exact score
	data []float32
	dim  int
	m    Metric
}

func exactTruth(data []float32, dim int, queries []float32, m Metric, k int, allowed func(q, id int) bool) truth {
	n, nq := len(data)/dim, len(queries)/dim
	t := truth{kth: make([]float64, nq), data: data, dim: dim, m: m}
	scores := make([]float64, 0, n)
	for qi := range nq {
		q := queries[qi*dim : (qi+1)*dim]
		scores = scores[:0]
		for i := range n {
			if allowed == nil || allowed(qi, i) {
				scores = append(scores, m.ScoreF32(q, data[i*dim:(i+1)*dim]))
			}
		}
		slices.SortFunc(scores, func(a, b float64) int { return -cmpF(a, b) })
		t.kth[qi] = math.Inf(-1)
		if len(scores) > 0 {
			t.kth[qi] = scores[min(k, len(scores))-1]
		}
	}
	return t
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// recall returns the tie-aware recall of results for query qi: the share of the (at most k)
// wanted results whose exact score reaches the k-th best exact score.
func (t truth) recall(qi int, q []float32, res []Scored, want int) float64 {
	if want == 0 {
		return 1
	}
	hit := 0
	for _, r := range res {
		row := t.data[int(r.Index)*t.dim : int(r.Index+1)*t.dim]
		if t.m.ScoreF32(q, row) >= t.kth[qi]-1e-6 {
			hit++
		}
	}
	return float64(hit) / float64(want)
}

func must[T any](tb testing.TB) func(T, error) T {
	return func(v T, err error) T {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return v
	}
}
