package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/corerec/corerec/ann"
)

// filtered measures search with a random allow-list per query (by default at 1 %, 10 % and 50 %
// of the rows);
// the ground truth is the exact top 10 of the allowed rows, computed here.
func (b *bench) filtered(efs []int) error {
	d := b.d
	for _, sel := range b.o.selectivity {
		rng := rand.New(rand.NewPCG(uint64(sel*1000), 7))
		allow := make([][]int32, d.nq())
		kth := make([]float64, d.nq())
		for q := range d.nq() {
			allow[q] = randomSubset(rng, d.n(), int(math.Ceil(sel*float64(d.n()))))
			kth[q] = b.kthAllowed(q, allow[q])
		}
		for _, plan := range b.o.plans {
			for _, ef := range efs {
				rec, qps := b.measure(b.graph, func(q int) ann.SearchOptions {
					return ann.SearchOptions{K: 10, Ef: ef, Filter: ann.Filter{Allow: allow[q]}, FilterPlan: plan}
				}, func(q int) float64 { return kth[q] })
				emit(line{Impl: implName(), Dataset: d.name, Storage: "f32", M: b.o.m, Efc: b.o.efc, Ef: ef,
					Recall10: round(rec, 4), QPS: math.Round(qps), BuildCPU: round(b.buildCPU, 3),
					Threads: 1, Selectivity: sel, Plan: planNames[plan]})
			}
		}
	}
	return nil
}

// kthAllowed returns the 10th smallest true distance of query q over the allowed rows.
func (b *bench) kthAllowed(q int, allow []int32) float64 {
	d := b.d
	qv := d.query[q*d.dim : (q+1)*d.dim]
	dist := make([]float64, len(allow))
	for i, id := range allow {
		dist[i] = d.trueDist(qv, id)
	}
	slices.Sort(dist)
	return dist[min(10, len(dist))-1]
}

func randomSubset(rng *rand.Rand, n, k int) []int32 {
	perm := rng.Perm(n)[:k]
	out := make([]int32, k)
	for i, p := range perm {
		out[i] = int32(p)
	}
	return out
}

var planNames = map[ann.FilterPlan]string{ann.FilterAuto: "auto", ann.FilterGraph: "graph", ann.FilterScan: "scan"}

// parsePlans reads a comma-separated list of filter plans.
func parsePlans(s string) ([]ann.FilterPlan, error) {
	var out []ann.FilterPlan
	for _, name := range strings.Split(s, ",") {
		found := false
		for p, n := range planNames {
			if n == name {
				out, found = append(out, p), true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown filter plan %q", name)
		}
	}
	return out, nil
}
