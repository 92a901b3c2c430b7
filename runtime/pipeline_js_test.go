//go:build js

package runtime

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// The browser build runs funnel bundles (fused retrievers, the rank stage's cut, rules) and, since the
// ranker fits its size budget (issue 10), funnel bundles with a ranker too, with the native answers
// (pipeline_test.go runs under js as well).
func TestPipelineBrowserBuild(t *testing.T) {
	const spec = `{"format":1,"retrievers":[{"kind":"embedding","candidates":50},{"kind":"item2item","candidates":50},{"kind":"popular","candidates":20}],"rank":{"keep":30}}`
	e := pipeFixture{n: 300, users: 10, graph: true, pipeline: spec, rules: `{"rules":[]}`}.engine(t, Options{Rules: func([]byte) (Reranker, error) {
		return RerankerFunc(func(_ context.Context, _ *RerankInput, c []Candidate) ([]Candidate, error) {
			return c[1:], nil // drops the first candidate
		}), nil
	}})
	res, err := e.Recommend(context.Background(), Request{User: pipeUser(1), History: []string{pipeItem(3)}, K: 10, Explain: true})
	require.NoError(t, err)
	require.Len(t, res.Items, 10)
	require.NotNil(t, res.Trace)
	var stages []string
	for _, s := range res.Stages {
		stages = append(stages, s.Name)
	}
	require.Contains(t, stages, "rerank")

	ranked, err := OpenBytes(pipeFixture{n: 300, users: 10, rankItems: 100, pipeline: spec}.bytes(t), Options{})
	require.NoError(t, err)
	defer ranked.Close()
	res, err = ranked.Recommend(context.Background(), Request{User: pipeUser(1), K: 10, Explain: true})
	require.NoError(t, err)
	require.Len(t, res.Items, 10)
	require.NotNil(t, res.Trace)
}
