package rules

import (
	"testing"

	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

func TestDiversity(t *testing.T) {
	cat := testCatalog() // categories: A A A B B C A B "" C
	all := upto(10)
	tests := []struct {
		name  string
		cfg   DiversityConfig
		k     int
		cands []runtime.Candidate
		want  []int32
	}{
		{"zero", DiversityConfig{}, 4, all, []int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"one per category in 4", DiversityConfig{MaxPerGroup: 1, Window: 4}, 0, all,
			[]int32{0, 3, 5, 8, 1, 2, 4, 6, 7, 9}},
		{"window defaults to K", DiversityConfig{MaxPerGroup: 1}, 4, all, []int32{0, 3, 5, 8, 1, 2, 4, 6, 7, 9}},
		{"drop", DiversityConfig{MaxPerGroup: 1, Window: 4, Drop: true}, 0, all, []int32{0, 3, 5, 8, 9}},
		{"two per category in 5", DiversityConfig{MaxPerGroup: 2}, 5, all, []int32{0, 1, 3, 4, 5, 2, 6, 7, 8, 9}},
		{"too few groups: skipped items fill the window", DiversityConfig{MaxPerGroup: 1, Window: 3}, 0,
			ranked(0, 1, 2, 6), []int32{0, 1, 2, 6}},
		{"too few groups, drop", DiversityConfig{MaxPerGroup: 1, Window: 3, Drop: true}, 0,
			ranked(0, 1, 2, 6), []int32{0}},
		{"by tag prefix", DiversityConfig{MaxPerGroup: 1, Window: 3, By: GroupBy{Attribute: "tag", TagPrefix: "genre:"}},
			0, upto(5), []int32{0, 2, 4, 1, 3}}, // 3 is rock and jazz: capped by both
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := must(NewDiversity(tt.cfg))
			require.Equal(t, tt.want, run(t, d, &runtime.RerankInput{Catalog: cat, K: tt.k}, tt.cands))
		})
	}
	for _, bad := range []DiversityConfig{{MaxPerGroup: -1}, {Window: -1}, {By: GroupBy{Attribute: "color"}},
		{By: GroupBy{TagPrefix: "x"}}} {
		_, err := NewDiversity(bad)
		require.ErrorIs(t, err, ErrConfig, "%+v", bad)
	}
}
