package eval

// Scorer scores every item of a catalog for a user; higher is better.
// Score fills out (len = NumItems()) and must be safe for concurrent use.
type Scorer interface {
	NumItems() int
	Score(user int32, out []float32)
}

// ScorerFunc adapts a function to a Scorer over numItems items.
func ScorerFunc(numItems int, f func(user int32, out []float32)) Scorer {
	return funcScorer{n: numItems, f: f}
}

type funcScorer struct {
	n int
	f func(user int32, out []float32)
}

func (s funcScorer) NumItems() int                   { return s.n }
func (s funcScorer) Score(user int32, out []float32) { s.f(user, out) }
