package rules

import (
	"testing"

	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

func TestPin(t *testing.T) {
	cat := testCatalog()
	tests := []struct {
		name  string
		pins  []PinEntry
		cands []runtime.Candidate
		want  []int32
	}{
		{"zero", nil, upto(6), []int32{0, 1, 2, 3, 4, 5}},
		{"one pin", []PinEntry{{"i4", 1}}, upto(6), []int32{0, 4, 1, 2, 3, 5}},
		{"conflict, beyond the end, not a candidate", []PinEntry{{"i4", 0}, {"i2", 0}, {"i9", 3}, {"i0", 100}},
			upto(6), []int32{4, 2, 1, 3, 5, 0}},
		{"unknown id", []PinEntry{{"nope", 0}}, upto(3), []int32{0, 1, 2}},
		{"item pinned twice keeps its first pin", []PinEntry{{"i2", 0}, {"i2", 1}}, upto(3), []int32{2, 0, 1}},
		{"both beyond the end", []PinEntry{{"i0", 5}, {"i1", 5}}, upto(2), []int32{1, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := must(NewPin(PinConfig{Pins: tt.pins}))
			require.Equal(t, tt.want, run(t, p, &runtime.RerankInput{Catalog: cat}, tt.cands))
		})
	}
	_, err := NewPin(PinConfig{Pins: []PinEntry{{"i0", -1}}})
	require.ErrorIs(t, err, ErrConfig)
}
