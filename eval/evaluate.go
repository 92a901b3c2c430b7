package eval

import (
	"context"
	"fmt"
	goruntime "runtime"
	"sync"
	"sync/atomic"
)

// Options configures Evaluate and FromLists. The zero value reports @10 and
// @20 using all CPUs.
type Options struct {
	// Ks are the cut-offs reported (default 10 and 20). A K < 1 panics.
	Ks []int
	// Workers is the number of goroutines scoring cases (default
	// GOMAXPROCS). The result does not depend on it.
	Workers int
}

// chunk is how many cases a worker claims at a time.
const chunk = 16

// Evaluate ranks all items for every case with s and returns the averaged
// metrics (see the package doc for the protocol). It fails on a case with no
// targets or an item out of range, and with ctx's error when ctx ends first.
func Evaluate(ctx context.Context, s Scorer, cases []Case, opt Options) (Report, error) {
	ms := newMetricSet(normalizeKs(opt.Ks))
	n := s.NumItems()
	if n <= 0 {
		return Report{}, fmt.Errorf("eval: %w", ErrEmptyCatalog)
	}
	if err := validate(cases, n); err != nil {
		return Report{}, err
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = goruntime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, (len(cases)+chunk-1)/chunk))
	values := make([]float64, len(cases)*ms.width())
	covs := make([]coverage, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		covs[w] = newCoverage(n)
		wg.Go(func() { evalWorker(ctx, s, cases, ms, values, covs[w], &next) })
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Report{}, fmt.Errorf("eval: %w", err)
	}
	for _, c := range covs[1:] {
		covs[0].merge(c)
	}
	return newReport(ms, values, cases, covs[0]), nil
}

// evalWorker ranks chunks of cases until none is left or ctx ends.
func evalWorker(ctx context.Context, s Scorer, cases []Case, ms metricSet, values []float64, cov coverage, next *atomic.Int64) {
	r := newRanker(s.NumItems(), ms.maxK)
	isTarget := func(i int32) bool { return r.mark[i] == markTarget }
	w := ms.width()
	for ctx.Err() == nil {
		start := int(next.Add(chunk)) - chunk
		if start >= len(cases) {
			return
		}
		for ci := start; ci < min(start+chunk, len(cases)); ci++ {
			c := cases[ci]
			s.Score(c.User, r.scores)
			nt := r.setMarks(c)
			best := r.rank(c.Targets, ms.maxK)
			ms.fill(values[ci*w:(ci+1)*w], r.heap, isTarget, nt, best)
			cov.add(r.heap)
			r.clearMarks(c)
		}
	}
}
