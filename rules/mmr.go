package rules

import (
	"context"
	"math"
	"sync"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/runtime"
)

// DefaultLambda is MMR's λ when the config leaves it zero.
const DefaultLambda = 0.7

// MMRConfig configures maximal marginal relevance. The zero value uses λ = DefaultLambda over the
// request's top K.
type MMRConfig struct {
	// Name names the rule in traces; default "mmr".
	Name string `json:"name,omitempty"`
	// Lambda in [0, 1] weighs relevance against novelty: 1 orders by score alone, smaller values favour
	// items unlike those already chosen. 0 means DefaultLambda (0.7); for pure novelty use a tiny value.
	Lambda float64 `json:"lambda,omitempty"`
	// Window is how many items MMR chooses; 0 means the request's K (and every candidate when K is 0 too,
	// which costs O(n²) similarities).
	Window int `json:"window,omitempty"`
}

// MMR reorders the top of the list by maximal marginal relevance: it picks, one at a time, the candidate
// maximizing λ·rel − (1−λ)·maxsim, where rel is the candidate's score min-max scaled to [0, 1] over the
// candidates (so λ means the same whatever the model's score scale) and maxsim is its highest cosine
// similarity to an item already picked. The first pick is the best-scored candidate. Ties go to the
// earlier candidate. After the window, the remaining candidates follow in their order; scores are not
// changed.
//
// It reads each candidate's embedding once (RerankInput.Embedding) with its norm, and updates maxsim for
// every candidate after each pick: O(n·d) to read and O(Window·n·d) to pick. A request without embeddings
// gets ErrNoEmbedding. It is safe for concurrent use.
type MMR struct {
	name   string
	lambda float64
	window int
	pool   sync.Pool // *mmrScratch
}

// mmrScratch is one request's working memory.
type mmrScratch struct {
	vecs, sims []float32
	inv        []float32 // 1/‖v‖ per candidate, 0 for a zero or non-finite vector
	rel, maxs  []float64
	picked     []bool
}

// NewMMR returns the MMR rule for cfg; it fails if Lambda is outside [0, 1] or Window is negative.
func NewMMR(cfg MMRConfig) (*MMR, error) {
	if !(cfg.Lambda >= 0 && cfg.Lambda <= 1) || cfg.Window < 0 {
		return nil, configError("mmr", "lambda %v, window %d: want lambda in [0, 1], window ≥ 0", cfg.Lambda, cfg.Window)
	}
	l := cfg.Lambda
	if l == 0 {
		l = DefaultLambda
	}
	return &MMR{name: ruleName(cfg.Name, "mmr"), lambda: l, window: cfg.Window}, nil
}

// Name returns the rule's name.
func (m *MMR) Name() string { return m.name }

// Stage returns StageConstraint.
func (m *MMR) Stage() Stage { return StageConstraint }
func (m *MMR) sealed()      {}

// Rerank returns the candidates with the top Window chosen by MMR. It does not modify cands.
func (m *MMR) Rerank(ctx context.Context, in *runtime.RerankInput, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	in = input(in)
	n := len(cands)
	if n < 2 {
		return cands, nil
	}
	if in.Embedding == nil {
		return nil, fmtlite.Errorf("%w: %s", ErrNoEmbedding, m.name)
	}
	s, _ := m.pool.Get().(*mmrScratch)
	if s == nil {
		s = &mmrScratch{}
	}
	defer m.pool.Put(s)
	if err := inCatalog(in, cands); err != nil {
		return nil, fmtlite.Errorf("%s: %w", m.name, err)
	}
	dim, err := s.load(in.Embedding, cands)
	if err != nil {
		return nil, fmtlite.Errorf("%s: %w", m.name, err)
	}
	s.relevance(cands)
	return m.pick(s, cands, dim, window(m.window, in.K, n)), nil
}

// load reads every candidate's embedding into s.vecs and its inverse norm into s.inv, and returns the
// dimension.
func (s *mmrScratch) load(emb func(int32, []float32) []float32, cands []runtime.Candidate) (int, error) {
	s.vecs, s.inv = s.vecs[:0], s.inv[:0]
	dim := -1
	for _, c := range cands {
		start := len(s.vecs)
		s.vecs = emb(c.Index, s.vecs)
		d := len(s.vecs) - start
		if dim < 0 {
			dim = d
		}
		if d != dim || d == 0 {
			return 0, fmtlite.Errorf("%w: item %d has %d dimensions, want %d (> 0)", ErrEmbedding, c.Index, d, dim)
		}
		s.inv = append(s.inv, invNorm(s.vecs[start:]))
	}
	return dim, nil
}

// inCatalog checks that every candidate is an item of the catalog (when there is one), so the embedding
// lookup is never asked for an index it does not have.
func inCatalog(in *runtime.RerankInput, cands []runtime.Candidate) error {
	if in.Catalog == nil {
		return nil
	}
	n := in.Catalog.NumItems()
	for _, c := range cands {
		if c.Index < 0 || int(c.Index) >= n {
			return fmtlite.Errorf("%w: item %d is outside the catalog's %d items", ErrEmbedding, c.Index, n)
		}
	}
	return nil
}

// invNorm returns 1/‖v‖, or 0 for a zero (or non-finite) vector, which is then similar to nothing.
func invNorm(v []float32) float32 {
	ss := float64(kernel.Dot(v, v))
	if ss == 0 || math.IsInf(ss, 0) || math.IsNaN(ss) {
		return 0
	}
	return float32(1 / math.Sqrt(ss))
}

// relevance fills s.rel with the scores min-max scaled to [0, 1] (all 0 when the scores are equal).
func (s *mmrScratch) relevance(cands []runtime.Candidate) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range cands {
		lo, hi = min(lo, float64(c.Score)), max(hi, float64(c.Score))
	}
	s.rel = s.rel[:0]
	for _, c := range cands {
		r := 0.0
		if hi > lo && !math.IsInf(hi-lo, 0) {
			r = (float64(c.Score) - lo) / (hi - lo)
		}
		s.rel = append(s.rel, r)
	}
}

// pick runs the greedy selection of w items and returns the reordered candidates.
func (m *MMR) pick(s *mmrScratch, cands []runtime.Candidate, dim, w int) []runtime.Candidate {
	n := len(cands)
	s.maxs = append(s.maxs[:0], make([]float64, n)...)
	s.picked = append(s.picked[:0], make([]bool, n)...)
	s.sims = append(s.sims[:0], make([]float32, n)...)
	out := make([]runtime.Candidate, 0, n)
	for p := 0; p < w; p++ {
		best, bestV := -1, math.Inf(-1)
		for j := range n {
			if s.picked[j] {
				continue
			}
			v := m.lambda * s.rel[j]
			if p > 0 {
				v -= (1 - m.lambda) * s.maxs[j]
			}
			if best < 0 || v > bestV {
				best, bestV = j, v
			}
		}
		s.picked[best] = true
		out = append(out, cands[best])
		kernel.DotBatch(s.vecs[best*dim:(best+1)*dim], s.vecs, s.sims)
		for j, dot := range s.sims {
			sim := float64(dot * s.inv[best] * s.inv[j]) // cosine
			if sim != sim {
				sim = 0 // an overflowing dot product of non-finite values: similar to nothing
			}
			if p == 0 || sim > s.maxs[j] {
				s.maxs[j] = sim
			}
		}
	}
	for j, c := range cands {
		if !s.picked[j] {
			out = append(out, c)
		}
	}
	return out
}
