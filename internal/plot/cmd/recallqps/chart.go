package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/corerec/corerec/internal/plot"
)

// result is the part of one benchmark line the chart uses.
type result struct {
	Impl     string  `json:"impl"`
	Dataset  string  `json:"dataset"`
	Storage  string  `json:"storage"`
	M        int     `json:"M"`
	Efc      int     `json:"efc"`
	Ef       int     `json:"ef"`
	Recall10 float64 `json:"recall10"`
	QPS      float64 `json:"qps"`
}

// key names a series: implementation and storage ("hnswlib-cpp/f32").
func (r result) key() string {
	if r.Storage == "" {
		return r.Impl
	}
	return r.Impl + "/" + r.Storage
}

// buildChart draws dataset's results: one series per key, points in ef order,
// series sorted by name so colours are stable between runs.
func buildChart(results []result, dataset string) (plot.Chart, error) {
	groups := map[string][]result{}
	var params []string
	for _, r := range results {
		if r.Dataset != dataset {
			continue
		}
		groups[r.key()] = append(groups[r.key()], r)
		if p := fmt.Sprintf("M=%d, efc=%d", r.M, r.Efc); r.M > 0 && !slices.Contains(params, p) {
			params = append(params, p)
		}
	}
	if len(groups) == 0 {
		return plot.Chart{}, fmt.Errorf("no results for dataset %q", dataset)
	}
	title := dataset + ": recall@10 vs single-thread QPS"
	if len(params) > 0 {
		title += " (" + strings.Join(params, "; ") + ")"
	}
	c := plot.Chart{Title: title, XLabel: "recall@10 (tie-aware)", YLabel: "queries per CPU second (log)", LogY: true}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		rs := groups[k]
		slices.SortStableFunc(rs, func(a, b result) int { return cmp.Compare(a.Ef, b.Ef) })
		s := plot.Series{Name: k}
		for _, r := range rs {
			s.X = append(s.X, r.Recall10)
			s.Y = append(s.Y, r.QPS)
		}
		c.Series = append(c.Series, s)
	}
	return c, nil
}
