package dataset_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/corerec/corerec/dataset"
	"github.com/stretchr/testify/require"
)

// realData returns the path of a file under the shared data folder, skipping
// the test in -short mode or when the data is absent.
func realData(t *testing.T, rel string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("real data: skipped in -short mode")
	}
	path := filepath.Join("..", "..", "shared", "data", rel)
	if _, err := os.Stat(path); err != nil {
		path = filepath.Join("/work/shared/data", rel)
	}
	if _, err := os.Stat(path); err != nil {
		t.Skipf("real data: %s is absent", rel)
	}
	return path
}

// TestRealDataCounts checks the loaders against the counts in the data README.
func TestRealDataCounts(t *testing.T) {
	tests := []struct {
		file               string
		rows, users, items int
		hasRating          bool
	}{
		{"ml-100k/u.data", 100_000, 943, 1_682, true},
		{"ml-1m/sequences.txt", 1_000_209, 6_040, 3_706, false},
		{"ml-1m/sequences_items_min5.txt", 999_611, 6_040, 3_416, false},
		{"gowalla/train.txt", 810_128, 29_858, 40_981, false},
		{"beauty/Beauty.txt", 198_502, 22_363, 12_101, false},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			d, err := dataset.Load(realData(t, tc.file), dataset.LoadOptions{})
			require.NoError(t, err)
			require.Equal(t, tc.rows, len(d.Rows))
			require.Equal(t, tc.users, d.Users.Len())
			require.Equal(t, tc.items, d.Items.Len())
			require.Equal(t, tc.hasRating, d.HasRating)
			require.Zero(t, d.Stats.Skipped)
			s := dataset.LeaveOneOut(d)
			t.Logf("%s: %d rows, %d users, %d items; leave-one-out: %+v", tc.file, len(d.Rows), d.Users.Len(), d.Items.Len(), s.Stats)
		})
	}
}

func TestRealDataMinRating(t *testing.T) {
	d, err := dataset.Load(realData(t, "ml-100k/u.data"), dataset.LoadOptions{MinRating: 4})
	require.NoError(t, err)
	require.Equal(t, 100_000, d.Stats.Rows+d.Stats.Skipped)
	require.Equal(t, d.Stats.Skipped, d.Stats.SkipReasons[dataset.SkipBelowMinRating])
	t.Logf("ml-100k rating >= 4: %d rows kept, %d dropped", d.Stats.Rows, d.Stats.Skipped)
}
