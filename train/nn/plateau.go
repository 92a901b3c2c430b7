package nn

import "math"

// Plateau is the early stopping the trainers share: it keeps the best validation score, counts the
// evaluations since it last improved, and multiplies the learning rate by Decay after each of them
// (reduce on plateau; Decay 0 keeps it constant). Not safe for concurrent use.
type Plateau struct {
	LR       float32 // the current learning rate
	decay    float32
	patience int
	best     float64
	bad      int
}

// NewPlateau starts at learning rate lr; Stop reports true after patience evaluations without improvement.
func NewPlateau(lr, decay float32, patience int) *Plateau {
	return &Plateau{LR: lr, decay: decay, patience: patience, best: math.Inf(-1)}
}

// Observe records a validation score and reports whether it beats every earlier one; when it does not,
// the learning rate is decayed.
func (p *Plateau) Observe(score float64) bool {
	if score > p.best {
		p.best, p.bad = score, 0
		return true
	}
	p.bad++
	if p.decay > 0 {
		p.LR *= p.decay
	}
	return false
}

// Stop reports whether patience evaluations in a row have not improved.
func (p *Plateau) Stop() bool { return p.bad >= p.patience }

// PlateauState is a Plateau's state as a checkpoint keeps it (JSON-safe: Best is 0 until HasBest).
type PlateauState struct {
	LR      float32 `json:"lr"`
	Best    float64 `json:"best"`
	HasBest bool    `json:"has_best"`
	Bad     int     `json:"bad"`
}

// State returns the current state.
func (p *Plateau) State() PlateauState {
	s := PlateauState{LR: p.LR, Bad: p.bad}
	if !math.IsInf(p.best, -1) {
		s.Best, s.HasBest = p.best, true
	}
	return s
}

// Restore continues from s (a resumed run); decay and patience stay as constructed.
func (p *Plateau) Restore(s PlateauState) {
	p.LR, p.bad, p.best = s.LR, s.Bad, math.Inf(-1)
	if s.HasBest {
		p.best = s.Best
	}
}
