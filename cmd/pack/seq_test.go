package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// writeCycleSequences writes a sequences file whose users walk one fixed cycle over the items.
func writeCycleSequences(t *testing.T, dir string) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(2, 3))
	next := rng.Perm(30)
	var b strings.Builder
	for u := range 120 {
		fmt.Fprintf(&b, "u%d", u)
		it := rng.IntN(30)
		for range 5 + rng.IntN(8) {
			fmt.Fprintf(&b, " %d", it+1)
			it = next[it]
		}
		b.WriteByte('\n')
	}
	path := filepath.Join(dir, "seqs.txt")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

func TestTrainSequentialRecommendHistory(t *testing.T) {
	for _, model := range []string{"sasrec", "bert4rec"} {
		t.Run(model, func(t *testing.T) {
			dir := t.TempDir()
			data := writeCycleSequences(t, dir)
			bundle, hist, recs := filepath.Join(dir, "m.crec"), filepath.Join(dir, "hist.tsv"), filepath.Join(dir, "recs.tsv")
			curve := filepath.Join(dir, "curve.png")
			code, out, stderr := pack(t, "train", "--data", data, "--model", model, "--out", bundle, "--max-len", "8",
				"--dim", "16", "--epochs", "12", "--lr", "0.01", "--batch", "32", "--workers", "1", "--quiet",
				"--write-history", hist, "--curve", curve)
			require.Equal(t, 0, code, stderr)
			requireCurve(t, curve, 2) // loss and validation NDCG@10
			require.Contains(t, out, "wrote "+bundle)

			raw, err := os.ReadFile(hist)
			require.NoError(t, err)
			lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
			require.Len(t, lines, 120)

			code, _, stderr = pack(t, "recommend", "--bundle", bundle, "--history", hist, "--k", "10", "--exclude-seen", "--out", recs, "--quiet")
			require.Equal(t, 0, code, stderr)
			code, out, stderr = pack(t, "eval", "--data", data, "--recs", recs)
			require.Equal(t, 0, code, stderr)
			require.Contains(t, out, `"model":"recs"`)
			line := strings.SplitN(out, "\n", 2)[0]
			require.Regexp(t, `"hr@10":0\.[5-9]|"hr@10":1`, line) // the cycle is learnt: far above popularity
		})
	}
}

func TestEvalSequential(t *testing.T) {
	data := writeCycleSequences(t, t.TempDir())
	code, out, stderr := pack(t, "eval", "--data", data, "--model", "sasrec", "--max-len", "8", "--dim", "16",
		"--epochs", "3", "--batch", "32", "--workers", "1", "--quiet", "--max-time", "1ns")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, `"model":"sasrec"`)
	require.Contains(t, out, `"model":"popularity"`)
	require.Contains(t, stderr, "best epoch 1 of 1:", "--max-time stops after the first epoch")

	code, _, stderr = pack(t, "eval", "--data", data, "--model", "sasrec", "--max-time", "soon")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "max-time")
}

func TestSeqModelFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"--model", "sasrec"}, true},
		{[]string{"-model=bert4rec"}, true},
		{[]string{"--data", "x", "--model", "mf"}, false},
		{[]string{"--data", "sasrec"}, false},
		{nil, false},
	} {
		require.Equal(t, tc.want, seqModel(tc.args), "%v", tc.args)
	}
}

func TestTrainSequentialCheckpointResume(t *testing.T) {
	dir := t.TempDir()
	data := writeCycleSequences(t, dir)
	ckpt := filepath.Join(dir, "run.ckpt")
	args := []string{"train", "--data", data, "--model", "sasrec", "--out", filepath.Join(dir, "m.crec"), "--max-len", "8",
		"--dim", "16", "--lr", "0.01", "--batch", "32", "--workers", "1", "--patience", "50", "--warmup", "4", "--checkpoint", ckpt}
	code, _, stderr := pack(t, append(args, "--epochs", "2")...)
	require.Equal(t, 0, code, stderr)
	require.FileExists(t, ckpt)
	code, _, stderr = pack(t, append(args, "--epochs", "3")...)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "resuming from "+ckpt+" after epoch 2")
	require.Regexp(t, `best epoch \d of 3:`, stderr)
	require.NotContains(t, stderr, "epoch 1/3", "the resumed run starts at epoch 3")
	// --epochs at or below the checkpoint's count trains nothing and packs the run's best epoch.
	code, _, stderr = pack(t, append(args, "--epochs", "1")...)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "resuming from "+ckpt+" after epoch 3")
	require.NotContains(t, stderr, "epoch 4/")
	require.Regexp(t, `best epoch \d of 3:`, stderr)

	png := filepath.Join(dir, "curve.png")
	code, out, stderr := pack(t, "curve", ckpt, "--out", png)
	require.Equal(t, 0, code, stderr)
	require.Regexp(t, `wrote .*curve.png \(sasrec/bert4rec, 3 epochs, best validation ndcg@10 0\.\d+ at epoch \d\)`, out)
	require.Regexp(t, `training time: \d+ s wall over 3 epochs; CPU time recorded for [1-3] of them`, out)
	requireCurve(t, png, 2)
}

// A CSV with timestamps is ordered by time, not by file order or item id: the written histories show it.
func TestTrainSequentialCSVTimeOrder(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("user,item,timestamp\n")
	for u := range 30 {
		// file order: items 5,4,3,2,1 with times making the true order 3,1,4,5,2
		for _, e := range [][2]int{{5, 40}, {4, 30}, {3, 10}, {2, 50}, {1, 20}} {
			fmt.Fprintf(&b, "u%d,i%d,%d\n", u, e[0], 1000*u+e[1])
		}
	}
	data := filepath.Join(dir, "events.csv")
	require.NoError(t, os.WriteFile(data, []byte(b.String()), 0o644))
	hist := filepath.Join(dir, "hist.tsv")
	code, _, stderr := pack(t, "train", "--data", data, "--model", "sasrec", "--out", filepath.Join(dir, "m.crec"),
		"--max-len", "4", "--dim", "8", "--epochs", "1", "--workers", "1", "--quiet", "--write-history", hist)
	require.Equal(t, 0, code, stderr)
	raw, err := os.ReadFile(hist)
	require.NoError(t, err)
	require.Contains(t, string(raw), "u7\ti3,i1,i4,i5\n") // time order; the test item (i2, the last) left out
}
