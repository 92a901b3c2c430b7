package ann

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// wideNorms returns n isotropic Gaussian rows of dim values with log-normal norms (median 1,
// log-sd sigma): an inner-product set with a wide norm spread.
func wideNorms(n, dim int, sigma float64, seed uint64) []float32 {
	rng := rand.New(rand.NewPCG(seed, 9))
	out := make([]float32, n*dim)
	for i := range n {
		s := math.Exp(sigma*rng.NormFloat64()) / math.Sqrt(float64(dim))
		for j := range dim {
			out[i*dim+j] = float32(rng.NormFloat64() * s)
		}
	}
	return out
}

// denyLargest returns a Deny bitset of the share of f's rows with the largest norms and whether
// row id is allowed.
func denyLargest(f recallFixture, share float64) ([]uint64, func(id int) bool) {
	norms := make([]float64, f.n)
	for i := range f.n {
		for _, x := range f.base[i*f.dim : (i+1)*f.dim] {
			norms[i] += float64(x) * float64(x)
		}
	}
	sorted := slices.Clone(norms)
	slices.Sort(sorted)
	cut := sorted[int(float64(f.n)*(1-share))]
	deny := make([]uint64, (f.n+63)/64)
	for i, v := range norms {
		if v >= cut {
			deny[i/64] |= 1 << (i % 64)
		}
	}
	return deny, func(id int) bool { return norms[id] < cut }
}

// TestInnerProductPruning builds an InnerProduct graph over rows with a wide norm spread with the
// inner-product pruning of hnswlib's heuristic and with the angular pruning Build uses, and
// compares recall@10 at ef 64 when the 10 % largest-norm rows are denied (as recommending with the
// user's popular, seen items excluded): the queries' answers are then ordinary rows, which the
// inner-product pruning leaves with few links. Measured: about 0.78 with inner-product pruning,
// 0.96 with angular pruning (and about 19 links a node on level 0 instead of 10).
func TestInnerProductPruning(t *testing.T) {
	f := recallFixture{n: 6000, dim: 64, nq: 200}
	data := wideNorms(f.n+f.nq, f.dim, 1, 3)
	f.base, f.queries = data[:f.n*f.dim], data[f.n*f.dim:]
	deny, allowed := denyLargest(f, 0.1)
	tr := exactTruth(f.base, f.dim, f.queries, InnerProduct, 10, func(_, id int) bool { return allowed(id) })
	recall := func(g *HNSW) float64 {
		var sum float64
		for qi := range f.nq {
			q := f.queries[qi*f.dim : (qi+1)*f.dim]
			res, err := g.Search(q, SearchOptions{Ef: 64, Filter: Filter{Deny: deny}, FilterPlan: FilterGraph})
			require.NoError(t, err)
			for _, r := range res {
				require.True(t, allowed(int(r.Index)))
			}
			sum += tr.recall(qi, q, res, 10)
		}
		return sum / float64(f.nq)
	}
	vecs := F32Vectors(f.base, f.dim)
	angular, err := Build(context.Background(), vecs, InnerProduct, Config{Seed: 1})
	require.NoError(t, err)
	ra := recall(angular)
	t.Logf("angular pruning: recall@10 %.4f, %.1f level-0 links a node", ra, meanDegree(angular))
	require.GreaterOrEqual(t, ra, 0.93)
	if testing.Short() {
		return
	}
	ip, err := build(context.Background(), vecs, InnerProduct, Config{Seed: 1}, false)
	require.NoError(t, err)
	ri := recall(ip)
	t.Logf("inner-product pruning: recall@10 %.4f, %.1f level-0 links a node", ri, meanDegree(ip))
	require.Less(t, ri, ra-0.1, "the data set must show what angular pruning gains")
}

// meanDegree returns the mean number of level-0 links of g's nodes.
func meanDegree(g *HNSW) float64 {
	var sum int
	for u := range g.Len() {
		sum += degree(g.neighbors(int32(u), 0))
	}
	return float64(sum) / float64(g.Len())
}

// TestAngularPruningSameForUnitRows checks that angular pruning changes nothing on rows of one
// norm: the InnerProduct graph over unit rows equals the Cosine graph over them.
func TestAngularPruningSameForUnitRows(t *testing.T) {
	rows := clustered(1500, 16, 10, 4)
	for i := range 1500 {
		row := rows[i*16 : (i+1)*16]
		for j := range row { // exactly representable norms: scale by a power of two
			row[j] *= 2
		}
	}
	vecs := F32Vectors(rows, 16)
	ip := must[*HNSW](t)(build(context.Background(), vecs, InnerProduct, Config{Seed: 2}, true))
	plain := must[*HNSW](t)(build(context.Background(), vecs, InnerProduct, Config{Seed: 2}, false))
	require.Equal(t, plain.MarshalGraph(), ip.MarshalGraph())
}

// TestCloser covers the pruning rule's edge cases: rows of length 0 never prune and are never
// pruned, and without lengths the rule compares scores.
func TestCloser(t *testing.T) {
	sp := &space{lens: []float32{0, 1, 2}}
	tests := []struct {
		name   string
		sc, uc float32
		s, u   int32
		want   bool
	}{
		{"larger cosine prunes", 3, 1, 2, 1, true},                // cos(s,c)·|c| = 3/2 > cos(u,c)·|c| = 1/1
		{"larger score, smaller cosine keeps", 3, 2, 2, 1, false}, // 3/2 < 2/1: inner product would prune
		{"equal cosines keep", 2, 1, 2, 1, false},
		{"zero-length kept row", 0, 1, 0, 1, false},
		{"zero-length node", 5, 0, 1, 0, false},
		{"NaN keeps", float32(math.NaN()), 1, 1, 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, sp.closer(tc.sc, tc.s, tc.uc, tc.u))
		})
	}
	require.True(t, (&space{}).closer(2, 0, 1, 1), "without lengths: scores")
}
