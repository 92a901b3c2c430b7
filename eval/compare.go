package eval

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
)

// ErrNotComparable is returned by Compare for reports that were not made on the same cases with the
// same cut-offs by Evaluate or FromLists.
var ErrNotComparable = errors.New("eval: reports are not comparable")

// Comparison is a paired comparison of two reports on the same cases: for each metric the mean of the
// per-case differences a − b, its standard error, and how many cases a scores above and below b. Two
// models scored on the same users differ far less from draw to draw than each mean does alone, so a
// paired difference can be clear where the two standard errors overlap.
type Comparison struct {
	// Users is the number of cases compared.
	Users int
	// Metrics names the compared metrics in table order: hr@K, ndcg@K and recall@K for each K, then mrr.
	Metrics []string
	// Diff and SE map a metric name to the mean difference a − b and its standard error.
	Diff, SE map[string]float64
	// Better and Worse map a metric name to the number of cases where a is above / below b.
	Better, Worse map[string]int
}

// Compare pairs a's and b's per-case values. Both must come from Evaluate or FromLists over the same
// cases (users and targets, in the same order) with the same Ks; otherwise the error wraps
// ErrNotComparable. MRR is compared as each report measured it (see Report.MRRDepth).
func Compare(a, b Report) (Comparison, error) {
	switch {
	case a.values == nil || b.values == nil:
		return Comparison{}, fmt.Errorf("%w: a report without per-case values (not made by Evaluate or FromLists)", ErrNotComparable)
	case !slices.Equal(a.ks, b.ks):
		return Comparison{}, fmt.Errorf("%w: cut-offs %v and %v", ErrNotComparable, a.ks, b.ks)
	case a.Users != b.Users || a.caseSum != b.caseSum:
		return Comparison{}, fmt.Errorf("%w: different cases (%d and %d users)", ErrNotComparable, a.Users, b.Users)
	}
	var names []string
	for _, k := range a.ks {
		at := "@" + strconv.Itoa(k)
		names = append(names, "hr"+at, "ndcg"+at, "recall"+at)
	}
	names = append(names, "mrr")
	w, n := len(names), a.Users
	diff := make([]float64, len(a.values))
	for i, v := range a.values {
		diff[i] = v - b.values[i]
	}
	c := Comparison{Users: n, Metrics: names, Diff: map[string]float64{}, SE: map[string]float64{},
		Better: map[string]int{}, Worse: map[string]int{}}
	for j, name := range names {
		c.Diff[name], c.SE[name] = columnMeanSE(diff, w, j)
		for i := range n {
			switch d := diff[i*w+j]; {
			case d > 0:
				c.Better[name]++
			case d < 0:
				c.Worse[name]++
			}
		}
	}
	return c, nil
}

// Table formats the comparison: per metric the difference, its standard error, z = difference / s.e.
// (|z| ≥ 1.96: two-sided p < 0.05 by the normal approximation) and the cases a wins and loses.
func (c Comparison) Table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "paired over %d users (a − b)\n", c.Users)
	fmt.Fprintf(&b, "%-10s%10s%9s%8s%9s%9s\n", "metric", "a − b", "s.e.", "z", "a above", "a below")
	for _, m := range c.Metrics {
		z := 0.0
		if c.SE[m] > 0 {
			z = c.Diff[m] / c.SE[m]
		}
		fmt.Fprintf(&b, "%-10s%+10.4f%9.4f%+8.2f%9d%9d\n", m, c.Diff[m], c.SE[m], z, c.Better[m], c.Worse[m])
	}
	return b.String()
}

// caseDigest hashes the cases' users and targets in order.
func caseDigest(cases []Case) uint64 {
	h := fnv.New64a()
	var buf []byte
	for _, c := range cases {
		buf = binary.LittleEndian.AppendUint32(buf[:0], uint32(c.User))
		buf = binary.LittleEndian.AppendUint32(buf, uint32(len(c.Targets)))
		for _, t := range c.Targets {
			buf = binary.LittleEndian.AppendUint32(buf, uint32(t))
		}
		h.Write(buf)
	}
	return h.Sum64()
}
