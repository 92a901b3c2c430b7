package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// implRank orders the rows of a dataset: native peers, ours, then the wasm pair.
var implRank = map[string]int{"hnswlib-cpp": 0, "hnswlib-py": 1, "corerec": 2, "corerec-exact": 3, "hnswlib-wasm": 4, "corerec-wasm": 5, "corerec-wasm-exact": 6}

type series struct {
	impl, storage string
	points        []result
}

// sweeps groups the unfiltered results of one dataset by (impl, storage), in table order.
func sweeps(med []result, dataset string) []series {
	var out []series
	for _, r := range med {
		if r.Dataset != dataset || r.Selectivity != 0 {
			continue
		}
		i := slices.IndexFunc(out, func(s series) bool { return s.impl == r.Impl && s.storage == r.Storage })
		if i < 0 {
			out = append(out, series{impl: r.Impl, storage: r.Storage})
			i = len(out) - 1
		}
		out[i].points = append(out[i].points, r)
	}
	slices.SortStableFunc(out, func(a, b series) int { return rank(a.impl) - rank(b.impl) })
	return out
}

func rank(impl string) int {
	if r, ok := implRank[impl]; ok {
		return r
	}
	return len(implRank)
}

func datasets(med []result) []string {
	seen := map[string]bool{}
	for _, r := range med {
		seen[r.Dataset] = true
	}
	return sortedKeys(seen)
}

func writeSweepTable(w io.Writer, med []result) {
	fmt.Fprintln(w, "| data | impl | storage | QPS @ R ≥ 0.95 (ef) | × ref | QPS @ R ≥ 0.99 (ef) | × ref | max R | build CPU s | × ref | bytes/vector | runs |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, ds := range datasets(med) {
		all := sweeps(med, ds)
		for _, s := range all {
			ref := findSeries(all, refImpl(s.impl), "f32")
			cells := []string{ds, s.impl, s.storage}
			for _, t := range []float64{0.95, 0.99} {
				cells = append(cells, qpsCells(s, ref, t)...)
			}
			cells = append(cells, fmt.Sprintf("%.3f", maxRecall(s.points)), buildCell(s), buildRatio(s, ref),
				fmt.Sprintf("%.1f", s.points[0].BytesPerVec), fmt.Sprint(s.points[0].Runs))
			fmt.Fprintln(w, "| "+strings.Join(cells, " | ")+" |")
		}
	}
	fmt.Fprintln(w)
}

func findSeries(all []series, impl, storage string) *series {
	for i := range all {
		if all[i].impl == impl && all[i].storage == storage {
			return &all[i]
		}
	}
	return nil
}

// qpsCells returns the "QPS (ef)" and "× ref" cells of s at recall target t.
func qpsCells(s series, ref *series, t float64) []string {
	b, ok := best(s.points, t)
	if !ok {
		return []string{"—", "—"}
	}
	q := kilo(b.QPS)
	if b.Ef > 0 {
		q += fmt.Sprintf(" (%d)", b.Ef)
	}
	ratio := "—"
	if ref != nil && ref.impl != s.impl {
		if rb, ok := best(ref.points, t); ok {
			ratio = fmt.Sprintf("%.2f×", b.QPS/rb.QPS)
		}
	} else if ref != nil {
		ratio = "1.00×"
	}
	return []string{q, ratio}
}

func buildCell(s series) string {
	if s.points[0].BuildCPU == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", s.points[0].BuildCPU)
}

// buildRatio is s's build CPU time over ref's (lower is better).
func buildRatio(s series, ref *series) string {
	if ref == nil || s.points[0].BuildCPU == 0 || ref.points[0].BuildCPU == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", s.points[0].BuildCPU/ref.points[0].BuildCPU)
}

func writeFilterTable(w io.Writer, med []result) {
	type fkey struct {
		dataset, plan string
		sel           float64
	}
	groups := map[fkey][]result{}
	var order []fkey
	for _, r := range med {
		if r.Selectivity == 0 {
			continue
		}
		k := fkey{r.Dataset, r.Plan, r.Selectivity}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], r)
	}
	if len(order) == 0 {
		return
	}
	fmt.Fprintln(w, "| data | allowed | plan | smallest ef with R ≥ 0.95: R / QPS | best QPS at R ≥ 0.95 (ef) | every ef: R / QPS | runs |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, k := range order {
		rs := groups[k]
		byEf(rs)
		first, best95 := "— (max R "+fmt.Sprintf("%.3f", maxRecall(rs))+")", "—"
		if i := slices.IndexFunc(rs, func(r result) bool { return r.Recall10 >= 0.95 }); i >= 0 {
			first = fmt.Sprintf("ef %d: %.3f / %s", rs[i].Ef, rs[i].Recall10, kilo(rs[i].QPS))
		}
		if b, ok := best(rs, 0.95); ok {
			best95 = fmt.Sprintf("%s (%d)", kilo(b.QPS), b.Ef)
		}
		var each []string
		for _, r := range rs {
			each = append(each, fmt.Sprintf("%d: %.3f / %s", r.Ef, r.Recall10, kilo(r.QPS)))
		}
		fmt.Fprintf(w, "| %s | %g %% | %s | %s | %s | %s | %d |\n", k.dataset, k.sel*100, k.plan, first, best95,
			strings.Join(each, " · "), rs[0].Runs)
	}
	fmt.Fprintln(w)
}

// kilo formats a rate as 1.2K above 1000.
func kilo(v float64) string {
	if v >= 1000 {
		return fmt.Sprintf("%.1fK", v/1000)
	}
	return fmt.Sprint(math.Round(v))
}
