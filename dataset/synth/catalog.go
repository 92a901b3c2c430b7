package synth

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
)

// catalog holds the items and what sampling needs: per category, items in
// creation order with their creation times and cumulative popularity.
type catalog struct {
	category []int
	created  []int64
	tags     [][]string
	byCat    [][]int32   // items of each category, oldest first; byCat[nc] holds all items
	times    [][]int64   // creation times parallel to byCat
	cum      [][]float64 // cumulative popularity weights parallel to byCat
	pos      []int       // position of each item in its byCat list
}

func newCatalog(cfg Config, src *source) *catalog {
	n, nc := cfg.Items, cfg.Categories
	c := &catalog{category: make([]int, n), created: make([]int64, n), tags: make([][]string, n), pos: make([]int, n)}
	for i := range n {
		c.category[i] = i % nc
	}
	shuffle(src, c.category)
	rank := make([]int, n) // popularity rank of each item
	for i := range rank {
		rank[i] = i
	}
	shuffle(src, rank)
	span := float64(cfg.Days) * 86400
	hasInitial := make([]bool, nc)
	for i := range n {
		if !hasInitial[c.category[i]] || src.float64() < 0.5 {
			// In the catalog from the start: created up to half a span before.
			c.created[i] = cfg.Start - int64(src.float64()*span/2)
			hasInitial[c.category[i]] = true
		} else {
			c.created[i] = cfg.Start + int64(src.float64()*0.8*span)
		}
		c.tags[i] = itemTags(src, c.category[i])
	}
	c.index(nc, rank, cfg.Zipf)
	return c
}

// index builds byCat, times, cum and pos; the extra list nc holds the
// whole catalog (pos refers to the per-category lists).
func (c *catalog) index(nc int, rank []int, zipf float64) {
	c.byCat = make([][]int32, nc+1)
	for i, k := range c.category {
		c.byCat[k] = append(c.byCat[k], int32(i))
		c.byCat[nc] = append(c.byCat[nc], int32(i))
	}
	c.times = make([][]int64, nc+1)
	c.cum = make([][]float64, nc+1)
	for k, items := range c.byCat {
		slices.SortFunc(items, func(a, b int32) int {
			return cmp.Or(cmp.Compare(c.created[a], c.created[b]), cmp.Compare(a, b))
		})
		sum := 0.0
		for p, i := range items {
			if k < nc {
				c.pos[i] = p
			}
			c.times[k] = append(c.times[k], c.created[i])
			sum += math.Pow(float64(rank[i]+1), -zipf)
			c.cum[k] = append(c.cum[k], sum)
		}
	}
}

// available returns how many items of category k exist at time t.
func (c *catalog) available(k int, t int64) int {
	return sort.Search(len(c.times[k]), func(p int) bool { return c.times[k][p] > t })
}

// draw picks an item of category k (or of any category for k = the number
// of categories) created by t, by popularity.
func (c *catalog) draw(src *source, k int, t int64) int32 {
	m := c.available(k, t)
	return c.byCat[k][src.pick(c.cum[k][:m])]
}

// neighbour returns an item close to prev in its category's creation
// order (1 or 2 places away) that exists at t, or prev itself when there is
// none.
func (c *catalog) neighbour(src *source, prev int32, t int64) int32 {
	k := c.category[prev]
	m := c.available(k, t)
	off := 1 + src.intn(2)
	if src.intn(2) == 0 {
		off = -off
	}
	p := min(max(c.pos[prev]+off, 0), m-1)
	return c.byCat[k][p]
}

// itemTags gives an item one tag of its category and, half the time, one
// of 20 tags shared across categories.
func itemTags(src *source, k int) []string {
	tags := []string{fmt.Sprintf("%s-t%d", categoryName(k), src.intn(5))}
	if src.float64() < 0.5 {
		tags = append(tags, fmt.Sprintf("t%02d", src.intn(20)))
	}
	return tags
}

// categoryName returns "c03" for category 3.
func categoryName(k int) string { return fmt.Sprintf("c%02d", k) }

// shuffle permutes s in place (Fisher–Yates).
func shuffle[T any](src *source, s []T) {
	for i := len(s) - 1; i > 0; i-- {
		j := src.intn(i + 1)
		s[i], s[j] = s[j], s[i]
	}
}
