package ann

import "math"

// Pruning an inner-product graph by angle (issue 7).
//
// hnswlib's heuristic keeps a candidate c among a node u's neighbours unless an already kept
// neighbour s is closer to c than u is. Under inner product, "closer" would mean s·c > u·c, and
// inner product is not a metric: a row of large norm scores high against everything near it, so
// once u keeps one large-norm neighbour, that neighbour "beats" u on most other candidates and
// they are pruned. On LightGCN's Gowalla items (norms 2.3–4.5 for 98 % of rows, a few up to 9)
// that left 10.7 links a node on level 0 instead of about 19 and 423 rows with no link to them,
// and the search found 78 % of the true top 20 at ef 64 (BENCHMARKS.md, issue 7).
//
// So Build ranks the candidates by inner product, as queries will score them, but compares
// them by angle: s beats u on c when cos(s, c) > cos(u, c), i.e. (s·c)·|u| > (u·c)·|s|. For rows
// of one norm (Cosine, or normalised InnerProduct rows) this is the old rule; L2 is unchanged.
// The rule needs one norm a row during Build only; the graph, its format and the search are as
// before. Alternatives measured on the same data (the MIPS→NN reduction of Bachrach et al. 2014,
// ip-NSW's plain top-M, pruning in the reduction's metric) are in ann/RATIONALE.md.

// rowLengths returns |x_i| for every row of v, decoded from its storage.
func rowLengths(v *Vectors) []float32 {
	lens := make([]float32, v.N)
	row := make([]float32, v.Dim)
	for i := range v.N {
		var s float64
		for _, x := range v.Row(i, row) {
			s += float64(x) * float64(x)
		}
		lens[i] = float32(math.Sqrt(s))
	}
	return lens
}

// closer reports whether the kept neighbour s is closer to a candidate than node u is, given
// their scores against it (sc = score(s, c), uc = score(u, c)). With row lengths (an
// InnerProduct build) it compares the cosines; rows of length 0 are never closer and never
// beaten.
func (sp *space) closer(sc float32, s int32, uc float32, u int32) bool {
	if sp.lens == nil {
		return sc > uc
	}
	return sc*sp.lens[u] > uc*sp.lens[s]
}
