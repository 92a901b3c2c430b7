package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// pack train --model lightgcn writes a normal embedding bundle that pack recommend and pack eval use
// unchanged; the JSON config file is read under the flags.
func TestLightGCNTrainRecommendEval(t *testing.T) {
	dir := t.TempDir()
	data := writeSynthCSV(t, dir)
	cfgPath := filepath.Join(dir, "lg.json")
	require.NoError(t, os.WriteFile(cfgPath, []byte(`{"dim": 16, "layers": 2, "epochs": 50, "batch": 256, "lr": 0.01}`), 0o644))
	bundle, curve := filepath.Join(dir, "lg.crec"), filepath.Join(dir, "curve.png")
	code, out, stderr := pack(t, "train", "--data", data, "--model", "lightgcn", "--config", cfgPath, "--epochs", "3",
		"--workers", "2", "--quiet", "--curve", curve, "--out", bundle)
	require.Equal(t, 0, code, stderr)
	requireCurve(t, curve, 2) // loss and validation; the learning rate is constant
	require.Contains(t, out, "wrote "+bundle)
	require.Contains(t, out, "3 epochs", "the flag overrides the config file")

	code, out, stderr = pack(t, "inspect", bundle, "--json")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, `"kind": "lightgcn"`)
	require.Contains(t, out, `\"layers\":2`, "the config file's value is kept where no flag overrides it")

	recs := filepath.Join(dir, "recs.tsv")
	code, _, stderr = pack(t, "recommend", "--bundle", bundle, "--k", "10", "--exclude-seen", "--quiet", "--out", recs)
	require.Equal(t, 0, code, stderr)
	code, out, stderr = pack(t, "eval", "--data", data, "--recs", recs)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, `"model":"recs"`)

	code, out, stderr = pack(t, "eval", "--data", data, "--model", "lightgcn", "--layers", "1", "--epochs", "2",
		"--batch", "512", "--workers", "1", "--max-time", "1h", "--quiet")
	require.Equal(t, 0, code, stderr)
	var line map[string]any
	require.NoError(t, json.Unmarshal([]byte(strings.SplitN(out, "\n", 2)[0]), &line))
	require.Equal(t, "lightgcn", line["model"])
}

// --checkpoint: a second run with the same file resumes after the first run's epochs.
func TestLightGCNCheckpointResumes(t *testing.T) {
	dir := t.TempDir()
	data := writeSynthCSV(t, dir)
	ck := filepath.Join(dir, "lg.ckpt")
	args := func(epochs string) []string {
		return []string{"train", "--data", data, "--model", "lightgcn", "--dim", "8", "--batch", "512", "--workers", "1",
			"--epochs", epochs, "--checkpoint", ck, "--out", filepath.Join(dir, "lg"+epochs+".crec")}
	}
	code, out, stderr := pack(t, append(args("2"), "--quiet")...)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "2 epochs")
	require.FileExists(t, ck)
	code, out, stderr = pack(t, args("3")...)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "resuming from "+ck+" after epoch 2")
	require.Contains(t, out, "3 epochs")
	require.NotContains(t, stderr, "epoch 1/3", "the resumed run starts at epoch 3")

	// --epochs at or below the checkpoint's count trains nothing: the bundle is the run's best epoch again.
	code, out, stderr = pack(t, args("1")...)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "resuming from "+ck+" after epoch 3")
	require.NotContains(t, stderr, "epoch 4/", "no epoch is trained")
	require.Contains(t, out, "3 epochs")
	require.Equal(t, recsOf(t, dir, "lg3"), recsOf(t, dir, "lg1"), "the bundle from the checkpoint recommends as the run's own")

	png := filepath.Join(dir, "curve.png")
	code, out, stderr = pack(t, "curve", "--out", png, ck)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "(lightgcn, 3 epochs, best validation ndcg@10 ")
	require.Regexp(t, `training time: \d+ s wall over 3 epochs; CPU time recorded for [1-3] of them`, out)
	requireCurve(t, png, 2)
}

// --test-every records a test curve: the trainer says where it went, the curve PNG gets a test chart, and
// pack curve reports it from the checkpoint. The bundle is the same as without it.
func TestLightGCNTestCurve(t *testing.T) {
	dir := t.TempDir()
	data := writeSynthCSV(t, dir)
	run := func(name string, extra ...string) (string, string) {
		args := append([]string{"train", "--data", data, "--model", "lightgcn", "--dim", "8", "--batch", "512",
			"--workers", "1", "--epochs", "3", "--quiet", "--out", filepath.Join(dir, name+".crec")}, extra...)
		code, _, stderr := pack(t, args...)
		require.Equal(t, 0, code, stderr)
		return stderr, recsOf(t, dir, name)
	}
	ck, png := filepath.Join(dir, "lg.ckpt"), filepath.Join(dir, "train.png")
	stderr, withTest := run("tested", "--test-every", "2", "--checkpoint", ck, "--curve", png)
	require.Regexp(t, `test curve: 2 epochs scored; last \(3\) recall@20 0\.\d{4} ndcg@20 0\.\d{4}; highest recall@20 at epoch [23]: `, stderr)
	requireCurve(t, png, 3) // loss, validation, test
	_, plain := run("plain")
	require.Equal(t, plain, withTest, "the test scores change nothing in training")

	code, out, stderr := pack(t, "curve", "--out", filepath.Join(dir, "c.png"), ck)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "test curve: 2 epochs scored")

	code, _, stderr = pack(t, "train", "--data", data, "--holdout", "none", "--model", "lightgcn", "--epochs", "1",
		"--test-every", "1", "--quiet", "--out", filepath.Join(dir, "x.crec"))
	require.Equal(t, 2, code, stderr)
	require.Contains(t, stderr, "--test-every needs --test")
}

// recsOf returns pack recommend's top 5 (seen items excluded) for every user of dir/NAME.crec.
func recsOf(t *testing.T, dir, name string) string {
	t.Helper()
	path := filepath.Join(dir, name+".tsv")
	code, _, stderr := pack(t, "recommend", "--bundle", filepath.Join(dir, name+".crec"), "--users", "all",
		"--k", "5", "--exclude-seen", "--quiet", "--out", path)
	require.Equal(t, 0, code, stderr)
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(raw)
}

func TestCurveErrors(t *testing.T) {
	dir := t.TempDir()
	notCkpt := filepath.Join(dir, "data.csv")
	require.NoError(t, os.WriteFile(notCkpt, []byte("user,item\n1,2\n"), 0o644))
	png := filepath.Join(dir, "curve.png")
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"curve", notCkpt}, 2, "--out"},
		{[]string{"curve", "--out", png}, 2, "checkpoint file"},
		{[]string{"curve", notCkpt, "--out", png}, 1, "not a training checkpoint"},
		{[]string{"curve", filepath.Join(dir, "missing.ckpt"), "--out", png}, 1, "no such file"},
	} {
		code, _, stderr := pack(t, tc.args...)
		require.Equal(t, tc.code, code, stderr)
		require.Contains(t, stderr, tc.msg)
	}
	require.NoFileExists(t, png, "no image is written for a failed command")

	damaged := filepath.Join(dir, "damaged.ckpt")
	require.NoError(t, os.WriteFile(damaged, []byte("CRLGCCK1\x02\x00\x00\x00{}xxxx"), 0o644))
	code, _, stderr := pack(t, "curve", damaged, "--out", png)
	require.Equal(t, 1, code, stderr)
	require.Contains(t, stderr, "checksum")
}

func TestLightGCNFlagErrors(t *testing.T) {
	dir := t.TempDir()
	data := writeSynthCSV(t, dir)
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"dim": 16, "layer": 2}`), 0o644))
	for name, c := range map[string]struct {
		args []string
		code int
		msg  string
	}{
		"mf flag":             {[]string{"--model", "lightgcn", "--negatives", "5"}, 2, "--negatives does not apply to --model lightgcn"},
		"twotower flag":       {[]string{"--model", "lightgcn", "--loss", "bce"}, 2, "--loss does not apply to --model lightgcn"},
		"layers for mf":       {[]string{"--layers", "2"}, 2, "--layers applies to --model lightgcn only"},
		"layers for tt":       {[]string{"--model", "twotower", "--layers", "2"}, 2, "--layers applies to --model lightgcn only"},
		"unknown key":         {[]string{"--model", "lightgcn", "--config", bad}, 1, `unknown field "layer"`},
		"bad layers":          {[]string{"--model", "lightgcn", "--layers", "40"}, 1, "layers 40 out of range"},
		"bad max-time":        {[]string{"--model", "lightgcn", "--max-time", "soon"}, 2, "max-time"},
		"negative max-time":   {[]string{"--model", "lightgcn", "--max-time", "-1m"}, 1, "max_seconds"},
		"bad init":            {[]string{"--model", "lightgcn", "--init", "he"}, 1, `init "he"`},
		"std with xavier":     {[]string{"--model", "lightgcn", "--init", "xavier", "--init-std", "0.1"}, 2, "--init-std applies to --init normal only"},
		"init for mf":         {[]string{"--init", "xavier"}, 2, "--init applies to --model lightgcn only"},
		"test-every for mf":   {[]string{"--test-every", "5"}, 2, "--test-every applies to --model lightgcn only"},
		"negative test-every": {[]string{"--model", "lightgcn", "--test-every", "-1"}, 1, "test_every -1 < 0"},
		"checkpoint for mf":   {[]string{"--checkpoint", "x.ckpt"}, 2, "--checkpoint applies to --model lightgcn, sasrec and bert4rec only"},
	} {
		t.Run(name, func(t *testing.T) {
			args := append([]string{"train", "--data", data, "--out", filepath.Join(dir, "x.crec"), "--quiet", "--epochs", "1"}, c.args...)
			code, _, stderr := pack(t, args...)
			require.Equal(t, c.code, code, stderr)
			require.Contains(t, stderr, c.msg)
		})
	}
}
