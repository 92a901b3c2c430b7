package main

import (
	"context"
	"fmt"
	"slices"
)

// prefix returns the dataset made of the first n base rows of d, with its ground truth (the 10
// smallest true distances of every query) recomputed exactly.
func (d *dataset) prefix(n int) *dataset {
	p := &dataset{name: fmt.Sprintf("%s[:%d]", d.name, n), metric: d.metric, dim: d.dim,
		base: d.base[:n*d.dim], query: d.query}
	dist := make([]float64, n)
	for q := range d.nq() {
		qv := d.query[q*d.dim : (q+1)*d.dim]
		for i := range n {
			dist[i] = p.trueDist(qv, int32(i))
		}
		slices.Sort(dist)
		row := make([]float32, 10)
		for j := range row {
			row[j] = float32(dist[min(j, n-1)])
		}
		p.gtd = append(p.gtd, row)
	}
	return p
}

// sizes measures the exact scan and the graph on prefixes of d: where the exact scan is as fast
// as the graph at high recall, New should stop building graphs.
func sizes(ctx context.Context, d *dataset, o options, efs []int) error {
	for _, n := range o.sizes {
		if n > d.n() {
			return fmt.Errorf("size %d above the %d rows of %s", n, d.n(), d.name)
		}
		b, err := newBench(ctx, d.prefix(n), o)
		if err != nil {
			return err
		}
		if err := b.sweep(efs, []string{"f32"}); err != nil {
			return err
		}
	}
	return nil
}
