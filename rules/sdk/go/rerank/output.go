package rerank

import (
	"errors"
	"math"
)

// ErrTooMany: the rule kept a candidate twice or more candidates than it was given.
var ErrTooMany = errors.New("rerank: more entries than candidates")

// Output collects the rule's answer: the positions of the candidates to keep, best first, and optionally a
// new score for each (ABI.md, "Output"). Positions index the input (0 ≤ i < in.Len()); the host refuses
// repeats.
type Output struct {
	pos    []int32
	scores []float32
	scored bool
	n      int
}

func (o *Output) reset(n int) {
	o.pos, o.scores, o.scored, o.n = o.pos[:0], o.scores[:0], false, n
}

// Keep appends candidate i (its score unchanged).
func (o *Output) Keep(i int) {
	o.pos = append(o.pos, int32(i))
	o.scores = append(o.scores, float32(math.NaN())) // filled by the input's score when encoding
}

// KeepScored appends candidate i with a new score (finite: the host refuses NaN and infinities).
func (o *Output) KeepScored(i int, score float32) {
	o.pos = append(o.pos, int32(i))
	o.scores = append(o.scores, score)
	o.scored = true
}

// Len is the number of entries so far.
func (o *Output) Len() int { return len(o.pos) }

// encode appends the output block: count, flags, positions, and the scores when any entry was re-scored
// (entries kept with Keep carry their input score).
func (o *Output) encode(dst []byte, in *Input) ([]byte, error) {
	if len(o.pos) > o.n {
		return dst, ErrTooMany
	}
	flags := uint32(0)
	if o.scored {
		flags = 1
	}
	dst = le.AppendUint32(dst, uint32(len(o.pos)))
	dst = le.AppendUint32(dst, flags)
	for _, p := range o.pos {
		dst = le.AppendUint32(dst, uint32(p))
	}
	if o.scored {
		for j, s := range o.scores {
			if s != s { // NaN marks Keep: the input's score
				s = in.Score(int(o.pos[j]))
			}
			dst = le.AppendUint32(dst, math.Float32bits(s))
		}
	}
	return dst, nil
}
