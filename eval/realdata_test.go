package eval_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/eval"
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

// TestPopularityRealData reports the popularity baseline under the
// protocol of the data README: leave-one-out by time, full ranking, train
// and validation items masked at test time.
func TestPopularityRealData(t *testing.T) {
	for _, file := range []string{"ml-100k/u.data", "ml-1m/sequences.txt"} {
		t.Run(file, func(t *testing.T) {
			d, err := dataset.Load(realData(t, file), dataset.LoadOptions{})
			require.NoError(t, err)
			split := dataset.LeaveOneOut(d)
			r, err := eval.Evaluate(context.Background(), eval.Popularity(split), eval.LeaveOneOutCases(split, true), eval.Options{})
			require.NoError(t, err)
			require.Equal(t, d.Users.Len(), r.Users)
			// Far above chance (10/|items| ≈ 0.6 %), far below a trained model.
			require.Greater(t, r.HR[10], 0.02)
			require.Less(t, r.HR[10], 0.2)
			t.Logf("%s popularity, leave-one-out test, full ranking:\n%s", file, r.Table())
		})
	}
}

// TestPopularityGowalla evaluates on Gowalla's given split (Recall@20 and
// NDCG@20 as in the LightGCN paper).
func TestPopularityGowalla(t *testing.T) {
	trainPath := realData(t, "gowalla/train.txt")
	opt := dataset.LoadOptions{Users: dataset.NewIDMap(), Items: dataset.NewIDMap()}
	train, err := dataset.Load(trainPath, opt)
	require.NoError(t, err)
	test, err := dataset.Load(filepath.Join(filepath.Dir(trainPath), "test.txt"), opt)
	require.NoError(t, err)
	require.Equal(t, 29_858, train.Users.Len())
	require.Equal(t, 40_981, train.Items.Len(), "test items all occur in train")
	require.Equal(t, 217_242, len(test.Rows))
	trainSeqs := train.Sequences()
	split := dataset.Split{NumUsers: train.Users.Len(), NumItems: train.Items.Len(), Train: trainSeqs}
	cases := eval.HoldoutCases(trainSeqs, test.Sequences())
	r, err := eval.Evaluate(context.Background(), eval.Popularity(split), cases, eval.Options{Ks: []int{20}})
	require.NoError(t, err)
	require.Greater(t, r.Recall[20], 0.01)
	t.Logf("gowalla popularity, given split, full ranking:\n%s", r.Table())
}
