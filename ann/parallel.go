package ann

import (
	"sync"
	"sync/atomic"
)

// parallel calls fn(w, i) for every i in 0…n-1, spreading the calls over one goroutine per
// worker scratch (run inline when there is one worker). Which worker handles i is not fixed, so
// fn's result must not depend on it.
func parallel[W any](workers []W, n int, fn func(w W, i int)) {
	if len(workers) == 1 || n <= 1 {
		for i := range n {
			fn(workers[0], i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for _, w := range workers[:min(len(workers), n)] {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(w, i)
			}
		})
	}
	wg.Wait()
}
