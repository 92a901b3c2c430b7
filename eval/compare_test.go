package eval_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/eval"
)

func TestCompareByHand(t *testing.T) {
	// three users with one target each (item 0, 1, 2) among 4 items
	cases := []eval.Case{{User: 0, Targets: []int32{0}}, {User: 1, Targets: []int32{1}}, {User: 2, Targets: []int32{2}}}
	a := map[int32][]int32{0: {0, 3}, 1: {3, 1}, 2: {3, 0}} // HR@1: 1 0 0; MRR: 1, 1/2, 0
	b := map[int32][]int32{0: {3, 0}, 1: {3, 2}, 2: {2, 3}} // HR@1: 0 0 1; MRR: 1/2, 0, 1
	opt := eval.Options{Ks: []int{1}}
	ra, err := eval.FromLists(a, cases, 4, opt)
	require.NoError(t, err)
	rb, err := eval.FromLists(b, cases, 4, opt)
	require.NoError(t, err)
	c, err := eval.Compare(ra, rb)
	require.NoError(t, err)
	require.Equal(t, []string{"hr@1", "ndcg@1", "recall@1", "mrr"}, c.Metrics)
	require.Equal(t, 3, c.Users)
	// HR@1 differences 1, 0, -1: mean 0, sample variance 1, s.e. 1/√3
	require.InDelta(t, 0, c.Diff["hr@1"], 1e-12)
	require.InDelta(t, 1/1.7320508075688772, c.SE["hr@1"], 1e-12)
	require.Equal(t, 1, c.Better["hr@1"])
	require.Equal(t, 1, c.Worse["hr@1"])
	// MRR differences 1/2, 1/2, -1: mean 0, variance (1/4+1/4+1)/2 = 3/4, s.e. √(3/4/3) = 1/2
	require.InDelta(t, 0, c.Diff["mrr"], 1e-12)
	require.InDelta(t, 0.5, c.SE["mrr"], 1e-12)
	require.Equal(t, 2, c.Better["mrr"])
	require.Equal(t, 1, c.Worse["mrr"])
	require.Contains(t, c.Table(), "paired over 3 users")
}

func TestCompareMatchesReports(t *testing.T) {
	s, cases := randomCases(7, 300, 40)
	ks := []int{5, 20}
	ra, err := eval.Evaluate(context.Background(), s, cases, eval.Options{Ks: ks})
	require.NoError(t, err)
	rb, err := eval.Evaluate(context.Background(), eval.Random(40, 3), cases, eval.Options{Ks: ks})
	require.NoError(t, err)
	c, err := eval.Compare(ra, rb)
	require.NoError(t, err)
	for _, k := range ks {
		at := "@" + strconv.Itoa(k)
		require.InDelta(t, ra.HR[k]-rb.HR[k], c.Diff["hr"+at], 1e-12)
		require.InDelta(t, ra.NDCG[k]-rb.NDCG[k], c.Diff["ndcg"+at], 1e-12)
		require.InDelta(t, ra.Recall[k]-rb.Recall[k], c.Diff["recall"+at], 1e-12)
		require.Positive(t, c.SE["recall"+at])
		require.LessOrEqual(t, c.Better["hr"+at]+c.Worse["hr"+at], len(cases))
	}
	require.InDelta(t, ra.MRR-rb.MRR, c.Diff["mrr"], 1e-12)

	self, err := eval.Compare(ra, ra)
	require.NoError(t, err)
	for _, m := range self.Metrics {
		require.Zero(t, self.Diff[m], m)
		require.Zero(t, self.SE[m], m)
		require.Zero(t, self.Better[m]+self.Worse[m], m)
	}
}

func TestCompareRefusesOtherCases(t *testing.T) {
	s, cases := randomCases(8, 50, 30)
	ctx := context.Background()
	r, err := eval.Evaluate(ctx, s, cases, eval.Options{})
	require.NoError(t, err)
	fewer, err := eval.Evaluate(ctx, s, cases[:49], eval.Options{})
	require.NoError(t, err)
	moved := append([]eval.Case(nil), cases...)
	moved[3].Targets = []int32{moved[3].Targets[0] + 1}
	if moved[3].Targets[0] >= 30 {
		moved[3].Targets[0] = 0
	}
	other, err := eval.Evaluate(ctx, s, moved, eval.Options{})
	require.NoError(t, err)
	otherKs, err := eval.Evaluate(ctx, s, cases, eval.Options{Ks: []int{10}})
	require.NoError(t, err)
	for name, b := range map[string]eval.Report{"fewer users": fewer, "other targets": other, "other Ks": otherKs,
		"hand-made": {Users: 50}} {
		_, err := eval.Compare(r, b)
		require.ErrorIs(t, err, eval.ErrNotComparable, name)
	}
}
