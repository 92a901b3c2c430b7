package ann

import "context"

// Index is what HNSW and Exact have in common: a read-only search over N rows, safe for
// concurrent use.
type Index interface {
	// Search returns the opt.K best rows for q, best first.
	Search(q []float32, opt SearchOptions) ([]Scored, error)
	// AppendSearch is Search appending to dst.
	AppendSearch(dst []Scored, q []float32, opt SearchOptions) ([]Scored, error)
	// Len returns the number of rows.
	Len() int
}

var (
	_ Index = (*HNSW)(nil)
	_ Index = (*Exact)(nil)
)

// New returns an exact index when vecs has fewer than cfg.ExactBelow rows (default 2000:
// below it a scan is about as fast as the graph at recall 0.99 and exact) and an HNSW built with
// cfg otherwise.
func New(ctx context.Context, vecs Vectors, metric Metric, cfg Config) (Index, error) {
	cfg = cfg.withDefaults()
	if vecs.N < cfg.ExactBelow {
		return NewExact(vecs, metric)
	}
	return Build(ctx, vecs, metric, cfg)
}
