package eval

import (
	"math"
	"slices"
)

// metricSet lays out one case's metric values: for each K (in order) HR,
// NDCG and Recall, then MRR.
type metricSet struct {
	ks   []int
	maxK int
	idcg []float64 // idcg[m] = Σ_{i<m} 1/log2(i+2)
}

func newMetricSet(ks []int) metricSet {
	maxK := ks[len(ks)-1]
	idcg := make([]float64, maxK+1)
	for i := range maxK {
		idcg[i+1] = idcg[i] + gain(i)
	}
	return metricSet{ks: ks, maxK: maxK, idcg: idcg}
}

func (m metricSet) width() int { return 3*len(m.ks) + 1 }

// gain is the discounted gain of a hit at 0-based rank i.
func gain(i int) float64 { return 1 / math.Log2(float64(i)+2) }

// fill writes one case's metrics into out (len width()). top is the ordered
// list (at most maxK used), isTarget tells targets, nTargets counts distinct
// targets, and bestRank is the 0-based rank of the best target (-1: none
// ranked, MRR 0).
func (m metricSet) fill(out []float64, top []int32, isTarget func(int32) bool, nTargets, bestRank int) {
	hits, dcg, k := 0, 0.0, 0
	for j, K := range m.ks {
		for ; k < K && k < len(top); k++ {
			if isTarget(top[k]) {
				hits++
				dcg += gain(k)
			}
		}
		hr := 0.0
		if hits > 0 {
			hr = 1
		}
		out[3*j] = hr
		out[3*j+1] = dcg / m.idcg[min(K, nTargets)]
		out[3*j+2] = float64(hits) / float64(nTargets)
	}
	out[len(out)-1] = 0
	if bestRank >= 0 {
		out[len(out)-1] = 1 / float64(bestRank+1)
	}
}

// normalizeKs returns the sorted distinct Ks (default 10, 20); it panics on
// a K < 1, a constant configuration error.
func normalizeKs(ks []int) []int {
	if len(ks) == 0 {
		return []int{10, 20}
	}
	ks = slices.Clone(ks)
	slices.Sort(ks)
	if ks[0] < 1 {
		panic("eval: Options.Ks must be positive")
	}
	return slices.Compact(ks)
}

// coverage tracks, per item, the best position it reached in any top list.
type coverage []int32

func newCoverage(n int) coverage {
	c := make(coverage, n)
	for i := range c {
		c[i] = math.MaxInt32
	}
	return c
}

func (c coverage) add(top []int32) {
	for pos, i := range top {
		c[i] = min(c[i], int32(pos))
	}
}

func (c coverage) merge(o coverage) {
	for i, p := range o {
		c[i] = min(c[i], p)
	}
}

// share returns the share of items that reached a position below k.
func (c coverage) share(k int) float64 {
	if len(c) == 0 {
		return 0
	}
	n := 0
	for _, p := range c {
		if int(p) < k {
			n++
		}
	}
	return float64(n) / float64(len(c))
}
