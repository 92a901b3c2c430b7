// Package rule holds the three example reranking rules of rules/examples, written against the Go SDK. The
// plugins in ../newer, ../diverse and ../band register them; the host's tests and benchmarks also run them
// natively, as the floor a plugin's cost is measured against. The AssemblyScript and WAT examples implement
// the same rules, and a test checks that every implementation gives the same answer.
//
// # Concurrency
//
// The rules keep per-call scratch in package variables: one call at a time, as in a plugin instance.
package rule

import (
	"encoding/binary"
	"math"
	"slices"

	"github.com/corerec/corerec/rules/sdk/go/rerank"
)

// Parameters of Newer.
const (
	// NewerDays: items created less than this many days before the request's clock are boosted.
	NewerDays = 30
	// NewerBoost is added to a boosted item's score.
	NewerBoost = 1.0
)

// DiverseMax is how many items of one category Diverse allows in the top K.
const DiverseMax = 2

// scratch, reused call after call.
var (
	order  []int32
	scores []float32
	counts = map[uint64]int{}
	taken  []bool
)

// Newer boosts items newer than NewerDays (by the request's clock) by NewerBoost and re-sorts by score;
// ties keep their input order. Without a clock it leaves the order alone.
func Newer(in *rerank.Input, out *rerank.Output) error {
	n, now := in.Len(), in.Now()
	scores = scores[:0]
	order = order[:0]
	for i := range n {
		s := in.Score(i)
		if c := in.CreatedAt(i); now > 0 && c > 0 && now-c < NewerDays*86400 {
			s += NewerBoost
		}
		scores = append(scores, s)
		order = append(order, int32(i))
	}
	slices.SortFunc(order, func(a, b int32) int {
		switch sa, sb := scores[a], scores[b]; {
		case sa > sb:
			return -1
		case sa < sb:
			return 1
		}
		return int(a - b)
	})
	for _, i := range order {
		out.KeepScored(int(i), scores[i])
	}
	return nil
}

// Diverse allows at most DiverseMax items of a category among the first K (the request's K, 10 when it is
// 0): it walks the candidates best first, takes those whose category is not yet full until K are taken,
// and appends the rest in their order. Items without a category are never held back.
func Diverse(in *rerank.Input, out *rerank.Output) error {
	n, k := in.Len(), in.K()
	if k == 0 {
		k = 10
	}
	clear(counts)
	taken = append(taken[:0], make([]bool, n)...)
	for i := 0; i < n && out.Len() < k; i++ {
		c := in.Category(i)
		if c != 0 && counts[c] >= DiverseMax {
			continue
		}
		counts[c]++
		taken[i] = true
		out.Keep(i)
	}
	for i := range n {
		if !taken[i] {
			out.Keep(i)
		}
	}
	return nil
}

// Band keeps the items whose score lies in [scoreLo, scoreHi] and, when their price (attribute 0) is known,
// whose price lies in [priceLo, priceHi]. The band is the plugin's configuration — four little-endian
// float32: scoreLo, scoreHi, priceLo, priceHi — or, without one, scores ≥ 0 and prices in [1, 1000].
func Band(in *rerank.Input, out *rerank.Output) error {
	lo, hi, plo, phi := float32(0), float32(math.Inf(1)), float32(1), float32(1000)
	if c := in.Config(); len(c) >= 16 {
		f := func(j int) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(c[4*j:])) }
		lo, hi, plo, phi = f(0), f(1), f(2), f(3)
	}
	for i := range in.Len() {
		s, p := in.Score(i), in.Attr(i, 0)
		if s >= lo && s <= hi && (p == 0 || p >= plo && p <= phi) {
			out.Keep(i)
		}
	}
	return nil
}
