package main

import (
	"cmp"
	"slices"
)

// result is one line of the benchmark's output (bench/ann/main.go, bench/ann/peers/README.md),
// plus Runs, the number of lines a median was taken over.
type result struct {
	Impl        string   `json:"impl"`
	Dataset     string   `json:"dataset"`
	Storage     string   `json:"storage"`
	M           int      `json:"M"`
	Efc         int      `json:"efc"`
	Ef          int      `json:"ef"`
	Recall10    float64  `json:"recall10"`
	QPS         float64  `json:"qps"`
	BuildCPU    float64  `json:"build_cpu_s"`
	BytesPerVec float64  `json:"bytes_per_vec"`
	LoadS       *float64 `json:"load_s"`
	Threads     int      `json:"threads"`
	Selectivity float64  `json:"selectivity,omitempty"`
	Plan        string   `json:"plan,omitempty"`
	Runs        int      `json:"runs"`
}

type key struct {
	impl, dataset, storage, plan string
	ef                           int
	selectivity                  float64
}

func (r result) key() key {
	return key{r.Impl, r.Dataset, r.Storage, r.Plan, r.Ef, r.Selectivity}
}

// medians merges the results that share a key into one holding the median of each measured
// field, in the order of first appearance.
func medians(rs []result) []result {
	groups := map[key][]result{}
	var order []key
	for _, r := range rs {
		k := r.key()
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r)
	}
	out := make([]result, 0, len(order))
	for _, k := range order {
		g := groups[k]
		m := g[0]
		m.Runs = len(g)
		m.QPS = median(g, func(r result) float64 { return r.QPS })
		m.Recall10 = median(g, func(r result) float64 { return r.Recall10 })
		m.BuildCPU = median(g, func(r result) float64 { return r.BuildCPU })
		m.BytesPerVec = median(g, func(r result) float64 { return r.BytesPerVec })
		if m.LoadS != nil {
			l := median(g, func(r result) float64 {
				if r.LoadS == nil {
					return 0
				}
				return *r.LoadS
			})
			m.LoadS = &l
		}
		out = append(out, m)
	}
	return out
}

// median returns the median of f over rs (the mean of the middle two for an even count).
func median(rs []result, f func(result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// best returns, among rs, the result of highest QPS whose recall reaches target, and whether
// there is one.
func best(rs []result, target float64) (result, bool) {
	var b result
	ok := false
	for _, r := range rs {
		if r.Recall10 >= target && (!ok || r.QPS > b.QPS) {
			b, ok = r, true
		}
	}
	return b, ok
}

func maxRecall(rs []result) float64 {
	m := 0.0
	for _, r := range rs {
		m = max(m, r.Recall10)
	}
	return m
}

func byEf(rs []result) {
	slices.SortFunc(rs, func(a, b result) int { return cmp.Compare(a.Ef, b.Ef) })
}
