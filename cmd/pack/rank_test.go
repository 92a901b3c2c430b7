package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

func TestRankModelFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"--model", "dcn"}, true},
		{[]string{"-model=deepfm", "--data", "x"}, true},
		{[]string{"--data", "x", "--model=lr"}, true},
		{[]string{"--model", "mf"}, false},
		{[]string{"--data", "dcn"}, false},
		{nil, false},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			require.Equal(t, tc.want, rankModel(tc.args))
		})
	}
}

// writeTinyMovieLens writes a MovieLens-100K-shaped directory of 6 users and 8 items.
func writeTinyMovieLens(t *testing.T) string {
	dir := t.TempDir()
	var data, users, items strings.Builder
	for u := 1; u <= 6; u++ {
		fmt.Fprintf(&users, "%d|%d|%s|%s|00000\n", u, 15+7*u, []string{"M", "F"}[u%2], []string{"writer", "other"}[u%2])
		for i := 1; i <= 8; i++ {
			fmt.Fprintf(&data, "%d\t%d\t%d\t%d\n", u, i, 1+(u*i)%5, 880000000+u*100+i)
		}
	}
	for i := 1; i <= 8; i++ {
		flags := make([]string, 19)
		for g := range flags {
			flags[g] = map[bool]string{true: "1", false: "0"}[(g+i)%4 == 0]
		}
		fmt.Fprintf(&items, "%d|Movie %d (199%d)|01-Jan-199%d||http://x|%s\n", i, i, i, i, strings.Join(flags, "|"))
	}
	for name, s := range map[string]string{"u.data": data.String(), "u.user": users.String(), "u.item": items.String()} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644))
	}
	return dir
}

func TestTrainRank(t *testing.T) {
	dir := writeTinyMovieLens(t)
	for _, model := range []string{"dcn", "deepfm", "lr"} {
		t.Run(model, func(t *testing.T) {
			tmp := t.TempDir()
			out, curve := filepath.Join(tmp, "r.crec"), filepath.Join(tmp, "curve.png")
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"train", "--model", model, "--data", dir, "--out", out,
				"--epochs", "2", "--embed-dim", "4", "--deep", "8", "--cross-layers", "2", "--curve", curve}, &stdout, &stderr)
			require.Equal(t, 0, code, stderr.String())
			require.Contains(t, stdout.String(), "test AUC")
			requireCurve(t, curve, 2) // loss (train and validation) and validation AUC
			b, err := modelpack.Open(out, modelpack.Options{})
			require.NoError(t, err)
			defer b.Close()
			require.Equal(t, modelpack.KindRanker, b.Manifest().Kind)
			r, err := runtime.NewRanker(b, runtime.RankerOptions{})
			require.NoError(t, err)
			scores, err := r.Rank(context.Background(), runtime.RankUser{ID: "1"}, []string{"1", "2", "unknown"}, nil)
			require.NoError(t, err)
			require.Len(t, scores, 3)
		})
	}
}

func TestTrainRankUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.Equal(t, 2, run(context.Background(), []string{"train", "--model", "dcn", "--out", "x"}, &stdout, &stderr))
	require.Equal(t, 2, run(context.Background(), []string{"train", "--model", "dcn", "--data", "d", "--out", "x",
		"--deep", "a,b"}, &stdout, &stderr))
}

// TestTrainRankImplicit trains an MF retriever, an implicit DCN-v2 ranker with hard negatives from
// it, builds the funnel, recommends for every user and scores the list with eval --recs.
func TestTrainRankImplicit(t *testing.T) {
	ml := writeTinyMovieLens(t)
	dir := t.TempDir()
	mf, dcn, funnel := filepath.Join(dir, "mf.crec"), filepath.Join(dir, "dcn.crec"), filepath.Join(dir, "funnel.crec")
	code, _, stderr := pack(t, "train", "--data", filepath.Join(ml, "u.data"), "--out", mf, "--epochs", "2", "--dim", "4", "--workers", "1", "--quiet")
	require.Equal(t, 0, code, stderr)
	code, out, stderr := pack(t, "train", "--model", "dcn", "--implicit", "--data", ml, "--out", dcn, "--retriever", mf,
		"--negative-source", "retriever,popular", "--negatives", "2", "--interaction-features", "--pool", "5", "--epochs", "2", "--embed-dim", "4", "--deep", "8", "--cross-layers", "1",
		"--curve", filepath.Join(dir, "dcn.png"))
	require.Equal(t, 0, code, stderr)
	requireCurve(t, filepath.Join(dir, "dcn.png"), 3) // loss, validation AUC, and the funnel's HR@10 it stopped on
	require.Contains(t, out, "validation, retriever alone (its top 5 in order): HR@10")
	require.Contains(t, out, "validation, funnel (the ranker re-ranks the retriever's top 5): HR@10")
	require.Contains(t, stderr, "score ", "early stopping on the funnel's HR@10")
	b, err := modelpack.Open(dcn, modelpack.Options{})
	require.NoError(t, err)
	require.Equal(t, "implicit", b.Manifest().Training.Params["task"])
	require.Equal(t, "hr", b.Manifest().Training.Params["stop"])
	require.NoError(t, b.Close())

	code, _, stderr = pack(t, "build", "--retriever", mf, "--ranker", dcn, "--candidates", "5", "--keep", "5", "--out", funnel)
	require.Equal(t, 0, code, stderr)
	recs := filepath.Join(dir, "recs.tsv")
	code, _, stderr = pack(t, "recommend", "--bundle", funnel, "--users", "all", "--k", "3", "--exclude-seen", "--quiet", "--out", recs)
	require.Equal(t, 0, code, stderr)
	code, out, stderr = pack(t, "eval", "--data", filepath.Join(ml, "u.data"), "--recs", recs)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, `"model":"recs"`)
}

func TestTrainRankImplicitUsage(t *testing.T) {
	ml := writeTinyMovieLens(t)
	out := filepath.Join(t.TempDir(), "x.crec")
	for name, args := range map[string][]string{
		"retriever source without --retriever": {"--negative-source", "retriever"},
		"hr stop without --retriever":          {"--stop", "hr"},
		"unknown source":                       {"--negative-source", "hard"},
		"unknown stop":                         {"--stop", "loss"},
		"no negatives":                         {"--negatives", "0"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, _ := pack(t, append([]string{"train", "--model", "dcn", "--implicit", "--data", ml, "--out", out}, args...)...)
			require.Equal(t, 2, code)
		})
	}
}
