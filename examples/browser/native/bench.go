package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/wire"
)

// timeRequests runs n requests shaped like bench.js's (5 random history items, k = 10) and prints the
// p50/p99 of the whole call and of the retrieve stage (a funnel bundle's: its retrievers and their fusion);
// rulesOff sends rules: false.
func timeRequests(ctx context.Context, w io.Writer, eng *runtime.Engine, n int, seed uint64, rulesOff bool) error {
	r := rand.New(rand.NewPCG(seed, 3))
	cat := eng.Catalog()
	wall := make([]time.Duration, 0, n)
	retrieve := make([]time.Duration, 0, n)
	for range n {
		hist := make([]string, 5)
		for j := range hist {
			hist[j] = cat.ItemID(int32(r.IntN(cat.NumItems())))
		}
		t := time.Now()
		req := wire.Request{History: hist, K: 10}
		if rulesOff {
			req.Rules = &wire.RuleSwitch{Off: true}
		}
		res, err := wire.Recommend(ctx, eng, req)
		if err != nil {
			return err
		}
		wall = append(wall, time.Since(t))
		var rt time.Duration
		for _, s := range res.Stages {
			if strings.HasPrefix(s.Name, "retrieve") || s.Name == "fuse" {
				rt += s.Duration
			}
		}
		retrieve = append(retrieve, rt)
	}
	p := func(v []time.Duration, q float64) time.Duration {
		slices.Sort(v)
		return v[min(len(v)-1, int(q*float64(len(v))))]
	}
	_, err := fmt.Fprintf(w, "%d items × dim %d, %d requests: call p50 %v p99 %v; retrieve p50 %v p99 %v\n",
		cat.NumItems(), eng.Dim(), n, p(wall, .5), p(wall, .99), p(retrieve, .5), p(retrieve, .99))
	return err
}
