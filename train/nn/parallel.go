package nn

import "sync"

// parallel splits [0, n) into at most Workers contiguous ranges of at least minChunk items and
// calls fn on each, the last range on the calling goroutine. The split depends only on n,
// minChunk and the worker count, so per-range results combine deterministically.
func (t *Tape) parallel(n, minChunk int, fn func(lo, hi int)) {
	t.parallelParts(n, minChunk, func(_, lo, hi int) { fn(lo, hi) })
}

// parallelParts is parallel with the range's index passed to fn; it returns the number of
// ranges, which is chunks(n, minChunk, t.Workers()).
func (t *Tape) parallelParts(n, minChunk int, fn func(part, lo, hi int)) int {
	parts := chunks(n, minChunk, t.workers)
	if parts <= 1 {
		if n > 0 {
			fn(0, 0, n)
		}
		return parts
	}
	var wg sync.WaitGroup
	for p := range parts - 1 {
		lo, hi := chunkRange(n, parts, p)
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(p, lo, hi)
		}()
	}
	lo, hi := chunkRange(n, parts, parts-1)
	fn(parts-1, lo, hi)
	wg.Wait()
	return parts
}

// testMinChunk, when positive, replaces every op's minimum chunk so that tests on small
// tensors exercise the multi-worker paths.
var testMinChunk int

// chunks is the number of ranges parallel splits n items into.
func chunks(n, minChunk, workers int) int {
	if testMinChunk > 0 {
		minChunk = testMinChunk
	}
	if minChunk < 1 {
		minChunk = 1
	}
	return max(1, min(workers, n/minChunk))
}

// chunkRange returns range p of n items split into parts near-equal ranges.
func chunkRange(n, parts, p int) (lo, hi int) {
	return n * p / parts, n * (p + 1) / parts
}

// Parallel is the row splitting the built-in ops use, for ops defined outside this package:
// it splits [0, n) into Parts(n, minChunk) contiguous ranges, always the same for the same
// n, minChunk and worker count, and calls fn on each concurrently with the range's index.
// Per-range partial results combined in index order are reproducible.
func (t *Tape) Parallel(n, minChunk int, fn func(part, lo, hi int)) {
	t.parallelParts(n, minChunk, fn)
}

// Parts is the number of ranges Parallel splits n items into.
func (t *Tape) Parts(n, minChunk int) int { return chunks(n, minChunk, t.workers) }
