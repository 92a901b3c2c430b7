package rules

import (
	"context"
	"slices"
	"testing"

	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

func TestChainPrecedence(t *testing.T) {
	cat := testCatalog() // categories: A A A B B C A B "" C
	in := &runtime.RerankInput{Catalog: cat, K: 4}
	block := NewBlocklist(BlocklistConfig{Block: Match{Items: []string{"i1"}}})
	boostBlocked := must(NewBoost(BoostConfig{Match: Match{Items: []string{"i1"}}, Add: 100}))
	boostA := must(NewBoost(BoostConfig{Match: Match{Categories: []string{"A"}}, Add: 100}))
	div := must(NewDiversity(DiversityConfig{MaxPerGroup: 1}))
	pin := must(NewPin(PinConfig{Pins: []PinEntry{{"i6", 1}}}))

	t.Run("a boost cannot resurrect a blocked item", func(t *testing.T) {
		require.Equal(t, []int32{0, 2, 3, 4}, run(t, NewChain(boostBlocked, block), in, upto(10)))
	})
	t.Run("constraints override boosts", func(t *testing.T) {
		// The boost puts 0 1 2 6 (all A) on top; diversity keeps one A in the top 4.
		require.Equal(t, []int32{0, 3, 5, 8}, run(t, NewChain(div, boostA), in, upto(10)))
	})
	t.Run("pins override constraints, whatever the order given", func(t *testing.T) {
		want := []int32{0, 6, 3, 5} // 6 is a second A, pinned at 1
		require.Equal(t, want, run(t, NewChain(pin, div, boostA), in, upto(10)))
		require.Equal(t, want, run(t, NewChain(boostA, div, pin), in, upto(10)))
	})
	t.Run("a blocked item stays out even when pinned", func(t *testing.T) {
		pinBlocked := must(NewPin(PinConfig{Pins: []PinEntry{{"i1", 0}}}))
		require.Equal(t, []int32{0, 2, 3, 4}, run(t, NewChain(pinBlocked, block), in, upto(10)))
	})
	t.Run("pins of several rules merge, the first listed wins", func(t *testing.T) {
		p1 := must(NewPin(PinConfig{Pins: []PinEntry{{"i5", 0}}}))
		p2 := must(NewPin(PinConfig{Pins: []PinEntry{{"i7", 0}}}))
		require.Equal(t, []int32{5, 7, 0, 1}, run(t, NewChain(p1, p2), in, upto(10)))
		require.Equal(t, []int32{7, 5, 0, 1}, run(t, NewChain(p2, p1), in, upto(10)))
	})
	t.Run("duplicates keep their first occurrence", func(t *testing.T) {
		require.Equal(t, []int32{3, 1, 2}, run(t, NewChain(), &runtime.RerankInput{}, ranked(3, 1, 3, 2, 1)))
		require.Equal(t, []int32{3, 1, 2}, run(t, NewChain(), &runtime.RerankInput{Catalog: cat}, ranked(3, 1, 3, 2, 1)))
		// Indices outside the catalog (bad upstream input) neither panic nor escape deduplication.
		require.Equal(t, []int32{3, 1, 99, -1, 2}, run(t, NewChain(), &runtime.RerankInput{Catalog: cat}, ranked(3, 1, 3, 99, 1, -1, 99, 2, 3, -1)))
	})
	t.Run("constraints neither drop nor count pinned items", func(t *testing.T) {
		drop := must(NewDiversity(DiversityConfig{MaxPerGroup: 1, Drop: true}))
		pin2 := must(NewPin(PinConfig{Pins: []PinEntry{{"i2", 3}}}))
		// Without the pin, diversity would drop 2 (a second A); pinned, it stays at 3 and A's cap still
		// admits 0 among the others: [0 3 5 8] → pins → [0 3 5 2].
		require.Equal(t, []int32{0, 3, 5, 2}, run(t, NewChain(drop, pin2), in, upto(10)))
	})
	t.Run("K zero keeps everything", func(t *testing.T) {
		require.Equal(t, []int32{0, 2, 3}, run(t, NewChain(block), &runtime.RerankInput{Catalog: cat}, upto(4)))
	})
}

func TestChainCustom(t *testing.T) {
	cat := testCatalog()
	in := &runtime.RerankInput{Catalog: cat, K: 3}
	block := NewBlocklist(BlocklistConfig{Block: Match{Items: []string{"i1"}}})
	pin := must(NewPin(PinConfig{Pins: []PinEntry{{"i2", 0}}}))
	reverse := Custom("reverse", runtime.RerankerFunc(func(_ context.Context, _ *runtime.RerankInput,
		c []runtime.Candidate) ([]runtime.Candidate, error) {
		slices.Reverse(c)
		return c, nil
	}))
	require.Equal(t, []int32{2, 5, 4}, run(t, NewChain(reverse, pin, block), in, upto(6)))

	inject := Custom("inject", runtime.RerankerFunc(func(_ context.Context, _ *runtime.RerankInput,
		c []runtime.Candidate) ([]runtime.Candidate, error) {
		return append(c, runtime.Candidate{Index: 1}), nil
	}))
	_, err := NewChain(block, inject).Rerank(context.Background(), in, upto(6))
	require.ErrorIs(t, err, ErrOutput)

	twice := Custom("twice", runtime.RerankerFunc(func(_ context.Context, _ *runtime.RerankInput,
		c []runtime.Candidate) ([]runtime.Candidate, error) {
		return append(c, c[0]), nil
	}))
	_, err = NewChain(twice).Rerank(context.Background(), in, upto(6))
	require.ErrorIs(t, err, ErrOutput)

	// A chain nests as a constraint; the outer pins still come last.
	inner := NewChain(reverse)
	require.Equal(t, []int32{2, 5, 4}, run(t, NewChain(inner, pin, block), in, upto(6)))
}

func TestChainCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := NewChain(NewBlocklist(BlocklistConfig{})).Rerank(ctx, &runtime.RerankInput{}, upto(3))
	require.ErrorIs(t, err, context.Canceled)
}

func TestChainNilRulePanics(t *testing.T) {
	require.Panics(t, func() { NewChain(nil) })
}

func TestTrace(t *testing.T) {
	cat := testCatalog()
	chain := NewChain(
		must(NewPin(PinConfig{Pins: []PinEntry{{"i5", 0}}})),
		must(NewBoost(BoostConfig{Match: Match{Items: []string{"i3"}}, Add: 10})),
		NewBlocklist(BlocklistConfig{Block: Match{Items: []string{"i1"}}}),
	)
	var tr Trace
	out, err := chain.RerankTrace(context.Background(), &runtime.RerankInput{Catalog: cat, K: 4}, upto(6), &tr)
	require.NoError(t, err)
	require.Equal(t, []int32{5, 3, 0, 2}, indices(out))
	require.Equal(t, []Move{
		{Item: 1, Rule: "blocklist", From: 1, To: Removed},
		// [0 2 3 4 5] → boost → [3 0 2 4 5]
		{Item: 0, Rule: "boost", From: 0, To: 1},
		{Item: 2, Rule: "boost", From: 1, To: 2},
		{Item: 3, Rule: "boost", From: 2, To: 0},
		// → pin → [5 3 0 2 4]: the pinned item first, then the items it displaced
		{Item: 5, Rule: "pin", From: 4, To: 0},
		{Item: 3, Rule: "pin", From: 0, To: 1},
		{Item: 0, Rule: "pin", From: 1, To: 2},
		{Item: 2, Rule: "pin", From: 2, To: 3},
		{Item: 4, Rule: "pin", From: 3, To: 4},
	}, tr.Moves)
	require.Equal(t, []Move{{Item: 5, Rule: "pin", From: 4, To: 0}}, tr.Of(5))
	require.Equal(t, "item 1: blocklist 1 → removed", tr.Moves[0].String())

	// The same through the context.
	var tr2 Trace
	_, err = chain.Rerank(WithTrace(context.Background(), &tr2), &runtime.RerankInput{Catalog: cat, K: 4}, upto(6))
	require.NoError(t, err)
	require.Equal(t, tr.Moves, tr2.Moves)
}
