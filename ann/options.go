package ann

import "fmt"

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
	// Fine, when not nil, is a finer copy of the indexed rows (same N and Dim, usually F32 or
	// F16 behind an Int8 index): the best Rescore candidates are re-scored from it and the
	// results carry the fine scores.
	Fine *Vectors
	// Rescore is the number of candidates re-scored from Fine. Default (0) max(4·K, 40); it
	// raises Ef to at least Rescore. Ignored when Fine is nil.
	Rescore int
}

const (
	defaultK  = 10
	defaultEf = 64
)

// resolve fills the defaults of o and checks it against the index's vectors.
func (o SearchOptions) resolve(v *Vectors) (SearchOptions, error) {
	if o.K < 0 || o.Ef < 0 || o.Rescore < 0 {
		return o, fmt.Errorf("%w: K=%d Ef=%d Rescore=%d must not be negative", ErrOptions, o.K, o.Ef, o.Rescore)
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
			return o, fmt.Errorf("ann: SearchOptions.Fine: %w", err)
		}
		if !o.Fine.sameShape(v) {
			return o, fmt.Errorf("%w: Fine is %d×%d, index is %d×%d", ErrOptions, o.Fine.N, o.Fine.Dim, v.N, v.Dim)
		}
		if o.Rescore == 0 {
			o.Rescore = max(4*o.K, 40)
		}
		o.Rescore = max(o.Rescore, o.K)
		o.Ef = max(o.Ef, o.Rescore)
	}
	return o, nil
}
