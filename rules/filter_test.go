package rules

import (
	"testing"
	"time"

	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

func TestBlocklist(t *testing.T) {
	cat := testCatalog()
	tests := []struct {
		name  string
		block Match
		want  []int32
	}{
		{"zero", Match{}, []int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"ids", Match{Items: []string{"i1", "i7", "nope"}}, []int32{0, 2, 3, 4, 5, 6, 8, 9}},
		{"category", Match{Categories: []string{"C"}}, []int32{0, 1, 2, 3, 4, 6, 7, 8}},
		{"tag", Match{Tags: []string{"new"}}, []int32{1, 2, 3, 4, 5, 6, 8, 9}},
		{"all three", Match{Items: []string{"i1"}, Categories: []string{"C"}, Tags: []string{"new"}},
			[]int32{2, 3, 4, 6, 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBlocklist(BlocklistConfig{Block: tt.block})
			require.Equal(t, tt.want, run(t, b, &runtime.RerankInput{Catalog: cat}, upto(10)))
		})
	}
	t.Run("no catalog blocks nothing", func(t *testing.T) {
		b := NewBlocklist(BlocklistConfig{Block: Match{Items: []string{"i1"}, Categories: []string{"A"}}})
		require.Equal(t, []int32{0, 1, 2}, run(t, b, nil, upto(3)))
	})
}

func TestFilter(t *testing.T) {
	cat := testCatalog()
	tests := []struct {
		name string
		cfg  FilterConfig
		now  time.Time
		want []int32
	}{
		{"zero", FilterConfig{}, now, []int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"category in", FilterConfig{CategoryIn: []string{"B", "C"}}, now, []int32{3, 4, 5, 7, 9}},
		{"category not in", FilterConfig{CategoryNotIn: []string{"A", ""}}, now, []int32{3, 4, 5, 7, 9}},
		{"created after", FilterConfig{CreatedAfter: now.Add(-5 * day)}, now, []int32{2, 5, 6, 7, 8}},
		{"created after keeps unknown", FilterConfig{CreatedAfter: now.Add(-5 * day), KeepUnknownAge: true}, now,
			[]int32{2, 3, 5, 6, 7, 8}},
		{"created before", FilterConfig{CreatedBefore: now.Add(-5 * day)}, now, []int32{0, 1, 4, 9}},
		{"max age", FilterConfig{MaxAge: Duration(3 * day)}, now, []int32{2, 5, 6}},
		{"max age without now", FilterConfig{MaxAge: Duration(3 * day)}, time.Time{},
			[]int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"with tags", FilterConfig{WithTags: []string{"genre:rock", "genre:jazz"}}, now, []int32{3}},
		{"without tags", FilterConfig{WithoutTags: []string{"kids", "new"}}, now, []int32{1, 2, 3, 4, 6, 8, 9}},
		{"conjunction", FilterConfig{CategoryIn: []string{"A", "B"}, WithoutTags: []string{"new"},
			MaxAge: Duration(10 * day)}, now, []int32{1, 2, 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := must(NewFilter(tt.cfg))
			require.Equal(t, tt.want, run(t, f, &runtime.RerankInput{Catalog: cat, Now: tt.now}, upto(10)))
		})
	}
	_, err := NewFilter(FilterConfig{MaxAge: -1})
	require.ErrorIs(t, err, ErrConfig)
}
