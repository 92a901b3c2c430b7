package runtime

import (
	"cmp"
	"slices"

	"github.com/corerec/corerec/modelpack"
)

// popularity returns items by descending training popularity (ties: smaller index first), built once. A
// bundle without a popularity section ranks items by index.
func (e *Engine) popularity() ([]int32, []float32) {
	e.popOnce.Do(func() {
		n := e.items.n
		pop, shape, err := e.bundle.F32(modelpack.SectionItemPopularity)
		if err != nil || len(shape) != 1 || len(pop) != n {
			pop = make([]float32, n)
		}
		// Sorted as Candidates, whose stable sort orderRanked links anyway: a []int32 sort of its own
		// would add its generic instantiation (about 2 KB gzip) to the browser build.
		byPop := make([]Candidate, n)
		for i := range byPop {
			byPop[i] = Candidate{Index: int32(i), Score: pop[i]}
		}
		slices.SortStableFunc(byPop, func(a, b Candidate) int { return cmp.Compare(b.Score, a.Score) })
		order := make([]int32, n)
		for i, c := range byPop {
			order[i] = c.Index
		}
		e.popular, e.pop = order, pop
	})
	return e.popular, e.pop
}

// popularTop fills sc.top with the k most popular items that pass the request's filters and returns how
// many candidates it looked at.
func (e *Engine) popularTop(sc *scratch, k int, restricted bool) int {
	order, pop := e.popularity()
	sc.top.Reset(k)
	if restricted {
		for _, i := range sc.allowed {
			if !sc.excluded.has(i) {
				sc.top.Push(i, pop[i])
			}
		}
		return len(sc.allowed)
	}
	seen := 0
	for _, i := range order {
		if sc.top.Len() == k {
			break
		}
		seen++
		if !sc.excluded.has(i) {
			sc.top.Push(i, pop[i])
		}
	}
	return seen
}
