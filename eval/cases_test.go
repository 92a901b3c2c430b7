package eval_test

import (
	"context"
	"strings"
	"testing"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/eval"
	"github.com/stretchr/testify/require"
)

func TestLeaveOneOutCases(t *testing.T) {
	d, err := dataset.Read(strings.NewReader("a 1 2 3 4\nb 1 2\nc 3 2 1\n"), "s.txt", dataset.LoadOptions{})
	require.NoError(t, err)
	split := dataset.LeaveOneOut(d)
	// Items are indexed in first-seen order: "1"→0, "2"→1, "3"→2, "4"→3.
	require.Equal(t, []eval.Case{
		{User: 0, Seen: []int32{0, 1, 2}, Targets: []int32{3}},
		{User: 2, Seen: []int32{2, 1}, Targets: []int32{0}},
	}, eval.LeaveOneOutCases(split, true))
	require.Equal(t, []eval.Case{
		{User: 0, Seen: []int32{0, 1}, Targets: []int32{2}},
		{User: 2, Seen: []int32{2}, Targets: []int32{1}},
	}, eval.LeaveOneOutCases(split, false))
}

func TestHoldoutCases(t *testing.T) {
	train := [][]int32{{0, 1}, {2}, {3}}
	test := [][]int32{{2, 3, 2}, nil, {0}, {1}}
	require.Equal(t, []eval.Case{
		{User: 0, Seen: []int32{0, 1}, Targets: []int32{2, 3}},
		{User: 2, Seen: []int32{3}, Targets: []int32{0}},
		{User: 3, Targets: []int32{1}},
	}, eval.HoldoutCases(train, test))
}

func TestPopularity(t *testing.T) {
	split := dataset.Split{NumItems: 4, Train: [][]int32{{0, 1, 1}, {1, 3}}}
	p := eval.Popularity(split)
	require.Equal(t, 4, p.NumItems())
	out := make([]float32, 4)
	p.Score(7, out)
	require.Equal(t, []float32{1, 3, 0, 1}, out)
}

func TestRandomScorer(t *testing.T) {
	r := eval.Random(1000, 3)
	a, b, c := make([]float32, 1000), make([]float32, 1000), make([]float32, 1000)
	r.Score(1, a)
	r.Score(1, b)
	r.Score(2, c)
	require.Equal(t, a, b, "deterministic")
	require.NotEqual(t, a, c, "differs by user")
	mean := 0.0
	for _, v := range a {
		require.True(t, v >= 0 && v < 1)
		mean += float64(v) / 1000
	}
	require.InDelta(t, 0.5, mean, 0.05)
	// Chance level: HR@10 over 1000 items with one target is about 1 %.
	cases := make([]eval.Case, 2000)
	for i := range cases {
		cases[i] = eval.Case{User: int32(i), Targets: []int32{int32(i % 1000)}}
	}
	rep, err := eval.Evaluate(context.Background(), r, cases, eval.Options{Ks: []int{10}})
	require.NoError(t, err)
	require.InDelta(t, 0.01, rep.HR[10], 0.01)
}
