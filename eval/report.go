package eval

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Report holds metrics averaged over the evaluated cases, keyed by K.
type Report struct {
	// Users is the number of cases evaluated.
	Users int
	// HR, NDCG, Recall and Coverage map each K to its value.
	HR, NDCG, Recall map[int]float64
	// MRR is the mean reciprocal rank of each case's best target.
	MRR float64
	// MRRDepth is 0 when MRR is over the full ranking (Evaluate), else the depth it was cut at: FromLists
	// sees only the given lists, so a target below them counts 0 (the longest cleaned list's length).
	MRRDepth int
	// Coverage is the share of the catalog in at least one top-K list.
	Coverage map[int]float64
	// MaxK is the largest K.
	MaxK int
}

// newReport averages per-case values in case order (deterministic sums).
func newReport(ms metricSet, values []float64, cases int, cov coverage) Report {
	r := Report{Users: cases, MaxK: ms.maxK, HR: map[int]float64{}, NDCG: map[int]float64{},
		Recall: map[int]float64{}, Coverage: map[int]float64{}}
	w := ms.width()
	sums := make([]float64, w)
	for ci := range cases {
		for j, v := range values[ci*w : (ci+1)*w] {
			sums[j] += v
		}
	}
	div := float64(max(cases, 1))
	for j, k := range ms.ks {
		r.HR[k], r.NDCG[k], r.Recall[k] = sums[3*j]/div, sums[3*j+1]/div, sums[3*j+2]/div
		r.Coverage[k] = cov.share(k)
	}
	r.MRR = sums[w-1] / div
	return r
}

// Ks returns the report's cut-offs in increasing order.
func (r Report) Ks() []int { return slices.Sorted(maps.Keys(r.HR)) }

// Table formats the report as an aligned text table.
func (r Report) Table() string {
	ks := r.Ks()
	var b strings.Builder
	fmt.Fprintf(&b, "users %d (full ranking, seen items masked)\n", r.Users)
	b.WriteString("metric  ")
	for _, k := range ks {
		fmt.Fprintf(&b, "%9s", "@"+strconv.Itoa(k))
	}
	b.WriteByte('\n')
	for _, row := range []struct {
		name string
		m    map[int]float64
	}{{"HR", r.HR}, {"NDCG", r.NDCG}, {"Recall", r.Recall}, {"Coverage", r.Coverage}} {
		fmt.Fprintf(&b, "%-8s", row.name)
		for _, k := range ks {
			fmt.Fprintf(&b, "%9.4f", row.m[k])
		}
		b.WriteByte('\n')
	}
	if r.MRRDepth > 0 {
		fmt.Fprintf(&b, "%-8s%9.4f  (within the lists' first %d: a target below them counts 0)\n", "MRR", r.MRR, r.MRRDepth)
	} else {
		fmt.Fprintf(&b, "%-8s%9.4f\n", "MRR", r.MRR)
	}
	return b.String()
}

// JSON returns the metrics as a flat map with keys like "hr@10",
// "ndcg@10", "recall@20", "coverage@10", "mrr" and "users" (and "mrr_depth" when MRRDepth is set).
func (r Report) JSON() map[string]float64 {
	m := map[string]float64{"mrr": r.MRR, "users": float64(r.Users)}
	if r.MRRDepth > 0 {
		m["mrr_depth"] = float64(r.MRRDepth)
	}
	for _, k := range r.Ks() {
		at := "@" + strconv.Itoa(k)
		m["hr"+at], m["ndcg"+at], m["recall"+at], m["coverage"+at] = r.HR[k], r.NDCG[k], r.Recall[k], r.Coverage[k]
	}
	return m
}
