package eval

import (
	"fmt"
	"maps"
	"math"
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
	// HRSE, NDCGSE, RecallSE (by K) and MRRSE are the standard errors of those means: the cases' sample
	// standard deviation over √Users (0 below two cases). They measure how much a mean would move with
	// another draw of users of the same kind — not the spread between training runs, and not the error of
	// a difference between two models scored on the same cases (paired, usually smaller).
	HRSE, NDCGSE, RecallSE map[int]float64
	MRRSE                  float64

	// per-case values (metricSet layout) and a digest of the cases, for Compare
	ks      []int
	values  []float64
	caseSum uint64
}

// newReport averages per-case values in case order (deterministic sums) and takes their standard errors.
func newReport(ms metricSet, values []float64, cs []Case, cov coverage) Report {
	cases, w := len(cs), ms.width()
	r := Report{Users: cases, MaxK: ms.maxK, HR: map[int]float64{}, NDCG: map[int]float64{},
		Recall: map[int]float64{}, Coverage: map[int]float64{},
		HRSE: map[int]float64{}, NDCGSE: map[int]float64{}, RecallSE: map[int]float64{},
		ks: ms.ks, values: values, caseSum: caseDigest(cs)}
	for j, k := range ms.ks {
		r.HR[k], r.HRSE[k] = columnMeanSE(values, w, 3*j)
		r.NDCG[k], r.NDCGSE[k] = columnMeanSE(values, w, 3*j+1)
		r.Recall[k], r.RecallSE[k] = columnMeanSE(values, w, 3*j+2)
		r.Coverage[k] = cov.share(k)
	}
	r.MRR, r.MRRSE = columnMeanSE(values, w, w-1)
	return r
}

// columnMeanSE returns the mean of column j of values (rows of width w, summed in row order) and its
// standard error: the sample standard deviation over √rows, taken in a second pass over the deviations
// (0 below two rows).
func columnMeanSE(values []float64, w, j int) (mean, se float64) {
	n := len(values) / w
	for i := range n {
		mean += values[i*w+j]
	}
	mean /= float64(max(n, 1))
	if n < 2 {
		return mean, 0
	}
	var ss float64
	for i := range n {
		d := values[i*w+j] - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / float64(n-1) / float64(n))
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
		name  string
		m, se map[int]float64
	}{{"HR", r.HR, r.HRSE}, {"NDCG", r.NDCG, r.NDCGSE}, {"Recall", r.Recall, r.RecallSE}, {"Coverage", r.Coverage, nil}} {
		fmt.Fprintf(&b, "%-8s", row.name)
		for _, k := range ks {
			fmt.Fprintf(&b, "%9.4f", row.m[k])
		}
		b.WriteByte('\n')
		if row.se != nil {
			fmt.Fprintf(&b, "%-8s", "  ±s.e.")
			for _, k := range ks {
				fmt.Fprintf(&b, "%9.4f", row.se[k])
			}
			b.WriteByte('\n')
		}
	}
	fmt.Fprintf(&b, "%-8s%9.4f  ±%.4f s.e.", "MRR", r.MRR, r.MRRSE)
	if r.MRRDepth > 0 {
		fmt.Fprintf(&b, "  (within the lists' first %d: a target below them counts 0)", r.MRRDepth)
	}
	b.WriteByte('\n')
	return b.String()
}

// JSON returns the metrics as a flat map with keys like "hr@10",
// "ndcg@10", "recall@20", "coverage@10", "mrr" and "users" (and "mrr_depth" when MRRDepth is set), and
// their standard errors as "hr@10_se", "ndcg@10_se", "recall@20_se" and "mrr_se".
func (r Report) JSON() map[string]float64 {
	m := map[string]float64{"mrr": r.MRR, "mrr_se": r.MRRSE, "users": float64(r.Users)}
	if r.MRRDepth > 0 {
		m["mrr_depth"] = float64(r.MRRDepth)
	}
	for _, k := range r.Ks() {
		at := "@" + strconv.Itoa(k)
		m["hr"+at], m["ndcg"+at], m["recall"+at], m["coverage"+at] = r.HR[k], r.NDCG[k], r.Recall[k], r.Coverage[k]
		m["hr"+at+"_se"], m["ndcg"+at+"_se"], m["recall"+at+"_se"] = r.HRSE[k], r.NDCGSE[k], r.RecallSE[k]
	}
	return m
}
