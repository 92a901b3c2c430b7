package ann

import "github.com/corerec/corerec/internal/fmtlite"

// SearchOptions are the knobs of one search. The zero value asks for the 10 best rows.
type SearchOptions struct {
	// K is the number of results. Default 10.
	K int
	// Ef is the beam width of the graph search: larger is slower and finds more of the true
	// best rows. Default max(K, 64) (recall@10 ≥ 0.95 on clustered 64-dimensional data, see
	// BENCHMARKS.md); values below K are raised to K. The exact index ignores it.
	Ef int
	// Filter restricts the rows returned.
	Filter Filter
	// FilterPlan says how a filtered search runs. Default FilterAuto.
	FilterPlan FilterPlan
	// Fine, when not nil, is a finer copy of the indexed rows (same N and Dim, usually F32 or
	// F16 behind an Int8 index): the best Rescore candidates are re-scored from it and the
	// results carry the fine scores.
	Fine *Vectors
	// Rescore is the number of candidates re-scored from Fine: the best Rescore of the Ef that
	// the search found (Ef is raised to Rescore if smaller). Default (0): all Ef candidates.
	// Ignored when Fine is nil.
	Rescore int
}

// FilterPlan chooses between the two ways to answer a filtered search.
type FilterPlan uint8

const (
	// FilterAuto scans the allowed rows exactly when the filter allows few enough of them that
	// the scan is estimated cheaper than the graph search, and walks the graph otherwise.
	FilterAuto FilterPlan = iota
	// FilterGraph always walks the graph, returning allowed rows only.
	FilterGraph
	// FilterScan always scans the allowed rows exactly.
	FilterScan
)

const (
	defaultK  = 10
	defaultEf = 64
)

// resolve fills the defaults of o and checks it against the index's vectors.
func (o SearchOptions) resolve(v *Vectors) (SearchOptions, error) {
	if o.K < 0 || o.Ef < 0 || o.Rescore < 0 || o.FilterPlan > FilterScan {
		return o, fmtlite.Errorf("%w: K=%d Ef=%d Rescore=%d FilterPlan=%d", ErrOptions, o.K, o.Ef, o.Rescore, int(o.FilterPlan))
	}
	if o.K == 0 {
		o.K = defaultK
	}
	if o.Ef == 0 {
		o.Ef = max(o.K, defaultEf)
	}
	o.Ef = max(o.Ef, o.K)
	if o.Fine != nil {
		if err := o.Fine.Validate(); err != nil {
			return o, fmtlite.Errorf("ann: SearchOptions.Fine: %w", err)
		}
		if !o.Fine.sameShape(v) {
			return o, fmtlite.Errorf("%w: Fine is %d×%d, index is %d×%d", ErrOptions, o.Fine.N, o.Fine.Dim, v.N, v.Dim)
		}
		if o.Rescore == 0 {
			o.Rescore = o.Ef
		}
		o.Rescore = max(o.Rescore, o.K)
		o.Ef = max(o.Ef, o.Rescore)
	}
	return o, nil
}
