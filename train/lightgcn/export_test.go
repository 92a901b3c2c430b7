package lightgcn

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/dataset/synth"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
)

// The bundle written from a trained model recommends, for every user, exactly the top-k of the trainer's
// own scores with the user's training items excluded.
func TestBundleRecommendsTrainerTopK(t *testing.T) {
	d := synth.Generate(synth.Config{Users: 150, Items: 120, Seed: 8})
	seqs := d.Dataset.Sequences()
	in := Input{NumUsers: d.Dataset.Users.Len(), NumItems: d.Dataset.Items.Len(), Train: seqs}
	m, _, err := Train(context.Background(), in, Config{Dim: 16, Epochs: 3, BatchSize: 256, LearningRate: 0.01, Workers: 2})
	require.NoError(t, err)
	e := m.Embeddings(train.Embeddings{ItemIDs: d.Dataset.Items.IDs(), UserIDs: d.Dataset.Users.IDs(), Seen: seqs})
	require.Equal(t, Kind, e.Manifest.Kind)
	b, err := e.Builder(train.PackOptions{Index: train.IndexExact})
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	eng, err := runtime.OpenBytes(buf.Bytes(), runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()

	const k = 10
	scores := make([]float32, in.NumItems)
	for u := range in.NumUsers {
		m.Score(int32(u), scores)
		want := topK(scores, seqs[u], k)
		res, err := eng.Recommend(context.Background(), runtime.Request{User: d.Dataset.Users.ID(int32(u)), K: k, ExcludeSeen: true})
		require.NoError(t, err)
		got := make([]int32, len(res.Items))
		for r, it := range res.Items {
			idx, ok := d.Dataset.Items.Index(it.ID)
			require.True(t, ok)
			got[r] = idx
			require.InDelta(t, scores[idx], it.Score, 1e-4)
		}
		require.Equal(t, want, got, "user %d", u)
	}
}

// topK returns the k best-scored items not in seen, best first (ties: lower index first).
func topK(scores []float32, seen []int32, k int) []int32 {
	var idx []int32
	for i := range scores {
		if !slices.Contains(seen, int32(i)) {
			idx = append(idx, int32(i))
		}
	}
	slices.SortStableFunc(idx, func(a, b int32) int {
		switch {
		case scores[a] > scores[b]:
			return -1
		case scores[a] < scores[b]:
			return 1
		}
		return 0
	})
	return idx[:min(k, len(idx))]
}
