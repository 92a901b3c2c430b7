package rules

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

func TestBoost(t *testing.T) {
	cat := testCatalog()
	// ranked(0..5) scores 6, 5, 4, 3, 2, 1.
	tests := []struct {
		name string
		cfg  BoostConfig
		want []int32
	}{
		{"zero", BoostConfig{}, []int32{0, 1, 2, 3, 4, 5}},
		{"add by category", BoostConfig{Match: Match{Categories: []string{"B"}}, Add: 3},
			[]int32{0, 3, 1, 4, 2, 5}}, // 3: 3→6, 4: 2→5; ties keep input order
		{"multiply by id", BoostConfig{Match: Match{Items: []string{"i5"}}, Multiply: 6}, []int32{0, 5, 1, 2, 3, 4}},
		{"demote by tag", BoostConfig{Match: Match{Tags: []string{"new"}}, Add: -5}, []int32{1, 2, 3, 4, 0, 5}},
		{"multiply then add", BoostConfig{Match: Match{Items: []string{"i4"}}, Multiply: 2, Add: 0.5},
			[]int32{0, 1, 4, 2, 3, 5}}, // 4: 2·2+0.5 = 4.5
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := must(NewBoost(tt.cfg))
			require.Equal(t, tt.want, run(t, b, &runtime.RerankInput{Catalog: cat}, upto(6)))
		})
	}
	for _, bad := range []BoostConfig{{Multiply: -1}, {Add: math.NaN()}, {Multiply: math.Inf(1)}} {
		_, err := NewBoost(bad)
		require.ErrorIs(t, err, ErrConfig)
	}
}

func TestFreshness(t *testing.T) {
	cat := catalog(
		item{created: 14 * day}, // i0: boost w/4
		item{created: 7 * day},  // i1: w/2
		item{created: 1},        // i2: ≈w
		item{},                  // i3: unknown, no boost
		item{created: -day},     // i4: created after now: age 0, w
	)
	cands := []runtime.Candidate{cand(0, 1), cand(1, 1), cand(2, 1), cand(3, 1.2), cand(4, 0)}
	tests := []struct {
		name  string
		cfg   FreshnessConfig
		now   time.Time
		order []int32
		score []float32 // by item index
	}{
		{"zero", FreshnessConfig{}, now, []int32{0, 1, 2, 3, 4}, []float32{1, 1, 1, 1.2, 0}},
		{"additive", FreshnessConfig{Weight: 1, HalfLife: Duration(7 * day)}, now, []int32{2, 1, 0, 3, 4},
			[]float32{1.25, 1.5, 2, 1.2, 1}},
		{"multiplicative", FreshnessConfig{Weight: 1, HalfLife: Duration(7 * day), Multiplicative: true}, now,
			[]int32{2, 1, 0, 3, 4}, []float32{1.25, 1.5, 2, 1.2, 0}},
		{"default half-life is 7 days", FreshnessConfig{Weight: 2}, now, []int32{2, 1, 4, 0, 3}, // 1 and 4 tie at 2: input order
			[]float32{1.5, 2, 3, 1.2, 2}},
		{"no clock, no boost", FreshnessConfig{Weight: 1}, time.Time{}, []int32{0, 1, 2, 3, 4},
			[]float32{1, 1, 1, 1.2, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := must(NewFreshness(tt.cfg))
			in := &runtime.RerankInput{Catalog: cat, Now: tt.now}
			out, err := f.Rerank(context.Background(), in, append([]runtime.Candidate(nil), cands...))
			require.NoError(t, err)
			require.Equal(t, tt.order, indices(out))
			for _, c := range out {
				require.InDelta(t, tt.score[c.Index], c.Score, 1e-5, "item %d", c.Index)
			}
		})
	}
	_, err := NewFreshness(FreshnessConfig{HalfLife: -1})
	require.ErrorIs(t, err, ErrConfig)
}

func TestFreshnessBoostHalves(t *testing.T) {
	f := must(NewFreshness(FreshnessConfig{Weight: 0.8, HalfLife: Duration(time.Hour)}))
	require.InDelta(t, 0.8, f.Boost(0), 1e-12)
	require.InDelta(t, 0.4, f.Boost(3600), 1e-12)
	require.InDelta(t, 0.1, f.Boost(3*3600), 1e-12)
}
