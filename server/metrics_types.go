package server

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// bucketsNs are the latency histogram's upper bounds, 50 µs to 10 s.
var bucketsNs = []int64{
	50e3, 100e3, 250e3, 500e3, 1e6, 2.5e6, 5e6, 10e6, 25e6, 50e6, 100e6, 250e6, 500e6, 1e9, 2.5e9, 5e9, 10e9,
}

// histogram counts durations into bucketsNs (plus +Inf); lock-free.
type histogram struct {
	counts [17 + 1]atomic.Uint64 // per bucket, not cumulative; the last is +Inf
	sumNs  atomic.Int64
}

func (h *histogram) observe(d time.Duration) {
	ns := int64(d)
	i := 0
	for i < len(bucketsNs) && ns > bucketsNs[i] {
		i++
	}
	h.counts[i].Add(1)
	h.sumNs.Add(ns)
}

// counter is a monotonically increasing count.
type counter struct{ n atomic.Uint64 }

func (c *counter) add(n uint64) { c.n.Add(n) }

// labeled is a label set: its text form, e.g. `route="recommend",code="200"`.
type labeled interface {
	comparable
	labels() string
}

// vec holds one metric per label set, created on first use.
type vec[K labeled, V any] struct {
	mu sync.RWMutex // guards m (the metrics themselves are atomic)
	m  map[K]*V
}

func (v *vec[K, V]) get(k K) *V {
	v.mu.RLock()
	p := v.m[k]
	v.mu.RUnlock()
	if p != nil {
		return p
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if p = v.m[k]; p == nil {
		if v.m == nil {
			v.m = map[K]*V{}
		}
		p = new(V)
		v.m[k] = p
	}
	return p
}

// sorted returns the label sets and metrics in label order (stable output for scrapers and tests).
func (v *vec[K, V]) sorted() ([]string, []*V) {
	v.mu.RLock()
	type kv struct {
		k string
		v *V
	}
	all := make([]kv, 0, len(v.m))
	for k, p := range v.m {
		all = append(all, kv{k.labels(), p})
	}
	v.mu.RUnlock()
	slices.SortFunc(all, func(a, b kv) int { return cmp.Compare(a.k, b.k) })
	ks, vs := make([]string, len(all)), make([]*V, len(all))
	for i, e := range all {
		ks[i], vs[i] = e.k, e.v
	}
	return ks, vs
}
