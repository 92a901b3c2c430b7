package rules

import (
	"testing"

	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

func TestFairness(t *testing.T) {
	cat := catalog(item{cat: "A"}, item{cat: "A"}, item{cat: "A"}, item{cat: "A"},
		item{cat: "B"}, item{cat: "B"}, item{cat: "C"}, item{cat: "C"})
	tests := []struct {
		name string
		cfg  FairnessConfig
		want []int32
	}{
		{"zero", FairnessConfig{}, []int32{0, 1, 2, 3, 4, 5, 6, 7}},
		// B's bounds per prefix length 1..4: [0,1] [1,1] [1,2] [2,2].
		{"share", FairnessConfig{Shares: map[string]float64{"B": 0.5}}, []int32{0, 4, 1, 5, 2, 3, 6, 7}},
		{"minimum, as late as possible", FairnessConfig{Minimum: map[string]int{"C": 1}},
			[]int32{0, 1, 2, 6, 3, 4, 5, 7}},
		{"minimum above what exists", FairnessConfig{Minimum: map[string]int{"C": 5}},
			[]int32{0, 1, 6, 7, 2, 3, 4, 5}},
		// Shares A .5, B .25, C .25: A is capped at 1 in the top 2, C is due at length 4.
		{"proportional", FairnessConfig{Proportional: true}, []int32{0, 4, 1, 6, 2, 3, 5, 7}},
		{"minimum before shares", FairnessConfig{Shares: map[string]float64{"B": 0.5}, Minimum: map[string]int{"C": 2}},
			[]int32{0, 4, 6, 7, 1, 2, 3, 5}},
		{"unknown group", FairnessConfig{Minimum: map[string]int{"Z": 3}}, []int32{0, 1, 2, 3, 4, 5, 6, 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := must(NewFairness(tt.cfg))
			require.Equal(t, tt.want, run(t, f, &runtime.RerankInput{Catalog: cat, K: 4}, upto(8)))
		})
	}
	for _, bad := range []FairnessConfig{{Shares: map[string]float64{"A": 1.5}}, {Shares: map[string]float64{"A": 0.6, "B": 0.6}},
		{Proportional: true, Shares: map[string]float64{"A": 0.5}}, {Minimum: map[string]int{"A": -1}}, {Window: -2}} {
		_, err := NewFairness(bad)
		require.ErrorIs(t, err, ErrConfig)
	}
}
