package rules_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/runtime"
)

// exampleCatalog: six articles in two sections, created over the last days.
func exampleCatalog(now time.Time) *modelpack.Catalog {
	day := int64(24 * 3600)
	t := now.Unix()
	return &modelpack.Catalog{
		ItemIDs:   []string{"a", "b", "c", "d", "e", "promo"},
		Category:  []string{"sport", "sport", "sport", "news", "news", "ads"},
		CreatedAt: []int64{t - 9*day, t - 8*day, t - day, t - 2*day, t - 30*day, t},
		Tags:      [][]string{nil, {"nsfw"}, nil, nil, nil, nil},
	}
}

// print shows the result's ids.
func print(cat *modelpack.Catalog, out []runtime.Candidate) {
	ids := make([]string, len(out))
	for k, c := range out {
		ids[k] = cat.ItemID(c.Index)
	}
	fmt.Println(strings.Join(ids, " "))
}

// A chain with every kind of rule: whatever the order they are given in, the blocklist wins over the pin,
// the pin over the diversity cap, the cap over the freshness boost.
func ExampleChain() {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	cat := exampleCatalog(now)
	fresh, _ := rules.NewFreshness(rules.FreshnessConfig{Weight: 1, HalfLife: rules.Duration(48 * time.Hour)})
	div, _ := rules.NewDiversity(rules.DiversityConfig{MaxPerGroup: 1})
	pin, _ := rules.NewPin(rules.PinConfig{Pins: []rules.PinEntry{{Item: "promo", Position: 2}}})
	block := rules.NewBlocklist(rules.BlocklistConfig{Block: rules.Match{Tags: []string{"nsfw"}}})
	chain := rules.NewChain(pin, fresh, div, block)

	cands := []runtime.Candidate{{Index: 0, Score: 2}, {Index: 1, Score: 1.9}, {Index: 2, Score: 1.5},
		{Index: 3, Score: 1.2}, {Index: 4, Score: 1.1}, {Index: 5, Score: 0.1}}
	var tr rules.Trace
	out, err := chain.RerankTrace(context.Background(), &runtime.RerankInput{K: 4, Now: now, Catalog: cat},
		cands, &tr)
	if err != nil {
		panic(err)
	}
	print(cat, out)
	for _, m := range tr.Moves {
		to := fmt.Sprint(m.To)
		if m.To == rules.Removed {
			to = "removed"
		}
		fmt.Printf("%-9s %-5s %d → %s\n", m.Rule, cat.ItemID(m.Item), m.From, to)
	}
	// Output:
	// c d promo a
	// blocklist b     1 → removed
	// freshness a     0 → 1
	// freshness c     1 → 0
	// diversity a     1 → 2
	// diversity d     2 → 1
	// pin       promo 4 → 2
	// pin       a     2 → 3
	// pin       e     3 → 4
}

// Diversity keeps at most one item per category in the top K; the others move down, in order.
func ExampleDiversity() {
	cat := &modelpack.Catalog{ItemIDs: []string{"a", "b", "c", "d"}, Category: []string{"x", "x", "x", "y"}}
	div, _ := rules.NewDiversity(rules.DiversityConfig{MaxPerGroup: 1})
	cands := []runtime.Candidate{{Index: 0, Score: 4}, {Index: 1, Score: 3}, {Index: 2, Score: 2}, {Index: 3, Score: 1}}
	out, _ := div.Rerank(context.Background(), &runtime.RerankInput{K: 2, Catalog: cat}, cands)
	print(cat, out)
	// Output: a d b c
}

// Freshness adds Weight·2^(−age/HalfLife): a day-old item gets half the boost with a one-day half-life.
func ExampleFreshness() {
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	cat := &modelpack.Catalog{ItemIDs: []string{"old", "new"},
		CreatedAt: []int64{now.Add(-24 * time.Hour).Unix(), now.Unix()}}
	fresh, _ := rules.NewFreshness(rules.FreshnessConfig{Weight: 1, HalfLife: rules.Duration(24 * time.Hour)})
	out, _ := fresh.Rerank(context.Background(), &runtime.RerankInput{Now: now, Catalog: cat},
		[]runtime.Candidate{{Index: 0, Score: 1.4}, {Index: 1, Score: 1}})
	for _, c := range out {
		fmt.Println(cat.ItemID(c.Index), c.Score)
	}
	// Output:
	// new 2
	// old 1.9
}
