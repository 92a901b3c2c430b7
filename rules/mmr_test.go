package rules

import (
	"context"
	"testing"

	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

// embeddings returns an Embedding function over fixed vectors.
func embeddings(vecs ...[]float32) func(int32, []float32) []float32 {
	return func(i int32, dst []float32) []float32 { return append(dst, vecs[i]...) }
}

func TestMMR(t *testing.T) {
	emb := embeddings([]float32{1, 0}, []float32{2, 0.02}, []float32{0, 3}, []float32{0.7, 0.7})
	cands := []runtime.Candidate{cand(0, 1.0), cand(1, 0.9), cand(2, 0.8), cand(3, 0.1)}
	// λ = 0.5, rel = (1, 0.89, 0.78, 0). Pick 0; then sim to 0 is (1, 0.9998, 0, 0.71): 2 scores 0.39, 1
	// scores −0.06, 3 scores −0.35; then 1 (−0.06) before 3 (−0.35).
	tests := []struct {
		name string
		cfg  MMRConfig
		k    int
		want []int32
	}{
		{"lambda 0.5", MMRConfig{Lambda: 0.5}, 3, []int32{0, 2, 1, 3}},
		{"window 2", MMRConfig{Lambda: 0.5, Window: 2}, 0, []int32{0, 2, 1, 3}},
		{"lambda 1 is score order", MMRConfig{Lambda: 1}, 4, []int32{0, 1, 2, 3}},
		{"default lambda 0.7", MMRConfig{}, 4, []int32{0, 2, 1, 3}}, // 2: 0.54 vs 1: 0.62−0.30=0.32
		{"pure novelty", MMRConfig{Lambda: 1e-9}, 4, []int32{0, 2, 3, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := must(NewMMR(tt.cfg))
			require.Equal(t, tt.want, run(t, m, &runtime.RerankInput{K: tt.k, Embedding: emb}, cands))
		})
	}
	ctx := context.Background()
	m := must(NewMMR(MMRConfig{}))
	_, err := m.Rerank(ctx, &runtime.RerankInput{K: 2}, cands)
	require.ErrorIs(t, err, ErrNoEmbedding)
	ragged := embeddings([]float32{1, 0}, []float32{1})
	_, err = m.Rerank(ctx, &runtime.RerankInput{K: 2, Embedding: ragged}, cands[:2])
	require.ErrorIs(t, err, ErrEmbedding)
	_, err = m.Rerank(ctx, &runtime.RerankInput{Embedding: emb, Catalog: catalog(item{}, item{})},
		[]runtime.Candidate{cand(0, 1), cand(7, 1)})
	require.ErrorIs(t, err, ErrEmbedding)
	for _, bad := range []MMRConfig{{Lambda: -0.1}, {Lambda: 1.5}, {Window: -1}} {
		_, err := NewMMR(bad)
		require.ErrorIs(t, err, ErrConfig)
	}
}

func TestMMRZeroVectorsAndEqualScores(t *testing.T) {
	emb := embeddings([]float32{0, 0}, []float32{1, 0}, []float32{1, 0})
	cands := []runtime.Candidate{cand(0, 1), cand(1, 1), cand(2, 1)}
	m := must(NewMMR(MMRConfig{Lambda: 0.5}))
	// Equal scores: rel is 0 for all; 0 first (tie → earliest); then 1 (similarity 0 to the zero vector)
	// and 2 (similar to 1).
	require.Equal(t, []int32{0, 1, 2}, run(t, m, &runtime.RerankInput{Embedding: emb}, cands))
}
