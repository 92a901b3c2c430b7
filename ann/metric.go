package ann

import (
	"math"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Metric says how a query is compared with a row. Scores are always "higher is better".
type Metric uint8

const (
	// InnerProduct scores a row by q·x.
	InnerProduct Metric = iota
	// Cosine scores a row by q·x/|q|: the rows must be normalised to unit length by the caller
	// (the index does not normalise them); the query is normalised by the index, so the score is
	// the cosine similarity. For normalised rows the ranking equals InnerProduct's.
	Cosine
	// L2 scores a row by −|q−x|², the negative squared Euclidean distance.
	L2
)

// String returns "ip", "cosine" or "l2".
func (m Metric) String() string {
	switch m {
	case InnerProduct:
		return "ip"
	case Cosine:
		return "cosine"
	case L2:
		return "l2"
	}
	return fmtlite.Sprintf("Metric(%d)", uint8(m))
}

func (m Metric) validate() error {
	if m > L2 {
		return fmtlite.Errorf("%w: %d", ErrMetric, uint8(m))
	}
	return nil
}

// ScoreF32 returns the exact score of row x for query q under m, computed in float64. It is the
// reference the index approximates (tests and benchmarks use it as ground truth).
func (m Metric) ScoreF32(q, x []float32) float64 {
	var dot, qq, d2 float64
	for i, a := range q {
		b := float64(x[i])
		dot += float64(a) * b
		qq += float64(a) * float64(a)
		d2 += (float64(a) - b) * (float64(a) - b)
	}
	switch m {
	case Cosine:
		if qq > 0 {
			return dot / math.Sqrt(qq)
		}
		return dot
	case L2:
		return -d2
	}
	return dot
}

func sqrt32(x float32) float32 { return float32(math.Sqrt(float64(x))) }
