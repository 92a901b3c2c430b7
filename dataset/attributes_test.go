package dataset_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/corerec/corerec/dataset"
	"github.com/stretchr/testify/require"
)

func TestLoadItemAttributes(t *testing.T) {
	items, err := dataset.IDMapOf([]string{"10", "11", "12", "13"})
	require.NoError(t, err)
	a, err := dataset.LoadItemAttributes(filepath.Join("testdata", "items.csv"), items)
	require.NoError(t, err)
	require.Equal(t, []string{"drama", "comedy", "drama", ""}, a.Category)
	require.Equal(t, []int64{788918400, 1000000000, 1000000000, 0}, a.CreatedAt)
	require.Equal(t, [][]string{{"classic", "award"}, nil, {"a", "b", "c"}, nil}, a.Tags)
	require.Equal(t, dataset.Stats{Lines: 6, Rows: 3, Skipped: 2,
		SkipReasons: map[string]int{dataset.SkipUnknownItem: 1, dataset.SkipDuplicateItem: 1}}, a.Stats)
}

func TestReadItemAttributesSubset(t *testing.T) {
	items, _ := dataset.IDMapOf([]string{"a", "b"})
	a, err := dataset.ReadItemAttributes(strings.NewReader("Tags\tItemId\nx|y\tb\n"), "attrs.tsv", items)
	require.NoError(t, err)
	require.Nil(t, a.Category)
	require.Nil(t, a.CreatedAt)
	require.Equal(t, [][]string{nil, {"x", "y"}}, a.Tags)
}

func TestReadItemAttributesErrors(t *testing.T) {
	items, _ := dataset.IDMapOf([]string{"a"})
	tests := []struct{ input, want string }{
		{"", `dataset: a.csv:1: no header`},
		{"category,tags\n", `dataset: a.csv:1: header must name an item column, got ["category" "tags"]`},
		{"item,date\na,yesterday\n", `dataset: a.csv:2: column "date": not a time (unix seconds, RFC3339 or YYYY-MM-DD): "yesterday"`},
		{"item,category\n,x\n", `dataset: a.csv:2: column "item": empty id`},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			_, err := dataset.ReadItemAttributes(strings.NewReader(tc.input), "a.csv", items)
			require.EqualError(t, err, tc.want)
		})
	}
	_, err := dataset.ReadItemAttributes(strings.NewReader("item\n"), "a.csv", nil)
	require.Error(t, err)
}
