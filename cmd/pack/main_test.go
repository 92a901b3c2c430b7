package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/dataset/synth"
)

// pack runs the command in-process and returns its exit code, stdout and stderr.
func pack(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeSynthCSV(t *testing.T, dir string) string {
	t.Helper()
	d := synth.Generate(synth.Config{Users: 300, Items: 200, Seed: 5})
	path := filepath.Join(dir, "events.csv")
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, dataset.WriteCSV(f, d.Dataset))
	require.NoError(t, f.Close())
	return path
}

func TestTrainRecommendEvalInspectQuantize(t *testing.T) {
	dir := t.TempDir()
	data := writeSynthCSV(t, dir)
	bundle, curve := filepath.Join(dir, "m.crec"), filepath.Join(dir, "curve.png")
	code, out, stderr := pack(t, "train", "--data", data, "--out", bundle, "--epochs", "8", "--workers", "1", "--quiet",
		"--curve", curve)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "wrote "+bundle)
	requireCurve(t, curve, 2) // loss and validation NDCG@10

	recs := filepath.Join(dir, "recs.tsv")
	code, _, stderr = pack(t, "recommend", "--bundle", bundle, "--users", "all", "--k", "20", "--exclude-seen", "--out", recs, "--quiet")
	require.Equal(t, 0, code, stderr)
	raw, err := os.ReadFile(recs)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	require.Len(t, lines, 300)
	user, items, ok := strings.Cut(lines[0], "\t")
	require.True(t, ok)
	require.NotEmpty(t, user)
	require.Len(t, strings.Split(items, ","), 20)

	code, out, stderr = pack(t, "eval", "--data", data, "--recs", recs)
	require.Equal(t, 0, code, stderr)
	first := strings.SplitN(out, "\n", 2)[0]
	var line map[string]any
	require.NoError(t, json.Unmarshal([]byte(first), &line))
	require.Equal(t, "recs", line["model"])
	require.Contains(t, line, "ndcg@10")
	require.Contains(t, line, "ndcg@10_se")
	requireVersus(t, data, recs, lines)

	code, out, stderr = pack(t, "inspect", bundle)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "items.emb")

	small := filepath.Join(dir, "m8.crec")
	code, _, stderr = pack(t, "quantize", bundle, "--to", "int8", "--out", small)
	require.Equal(t, 0, code, stderr)
	a, err := os.Stat(bundle)
	require.NoError(t, err)
	b, err := os.Stat(small)
	require.NoError(t, err)
	require.Less(t, b.Size(), a.Size())
	code, _, stderr = pack(t, "recommend", "--bundle", small, "--users", "all", "--k", "5", "--quiet", "--out", filepath.Join(dir, "r8.tsv"))
	require.Equal(t, 0, code, stderr)
}

func TestTrainWithHNSW(t *testing.T) {
	dir := t.TempDir()
	data := writeSynthCSV(t, dir)
	bundle := filepath.Join(dir, "h.crec")
	code, _, stderr := pack(t, "train", "--data", data, "--out", bundle, "--epochs", "3", "--workers", "1", "--quiet",
		"--index", "hnsw", "--hnsw-m", "8", "--quant", "int8")
	require.Equal(t, 0, code, stderr)
	code, out, stderr := pack(t, "inspect", bundle)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "index    hnsw M=8 efConstruction=200")
	require.Contains(t, out, "items.hnsw")
	code, _, stderr = pack(t, "recommend", "--bundle", bundle, "--k", "5", "--quiet", "--out", filepath.Join(dir, "r.tsv"))
	require.Equal(t, 0, code, stderr)
	code, _, _ = pack(t, "train", "--data", data, "--out", bundle, "--index", "lsh")
	require.Equal(t, 2, code)
}

func TestUsageErrors(t *testing.T) {
	for name, args := range map[string][]string{
		"no command":      {},
		"unknown command": {"frobnicate"},
		"train no data":   {"train", "--out", "x"},
		"bad flag":        {"recommend", "--nope"},
		"bad quant":       {"demo", "--quant", "int4"},
	} {
		code, _, _ := pack(t, args...)
		require.Equal(t, 2, code, name)
	}
	code, _, stderr := pack(t, "recommend", "--bundle", filepath.Join(t.TempDir(), "missing.crec"))
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "missing.crec")
}

func TestHelpListsEveryFlag(t *testing.T) {
	for name := range commands {
		code, _, stderr := pack(t, name, "--help")
		require.Equal(t, 0, code, name)
		require.Contains(t, stderr, "usage: pack "+name)
	}
}

func TestDemoRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("trains a model")
	}
	code, out, stderr := pack(t, "demo", "--users", "2")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "popularity")
	require.Contains(t, out, "1. ")
}

// A given train/test split (Gowalla style): early stopping on a random validation item, metrics on the test
// file, and the same metrics from the recommendation file.
func TestGivenTestFile(t *testing.T) {
	dir := t.TempDir()
	d := synth.Generate(synth.Config{Users: 200, Items: 150, Seed: 8})
	var train, test strings.Builder
	train.WriteString("user,item\n")
	test.WriteString("user,item\n")
	seqs := d.Dataset.Sequences()
	for u, seq := range seqs {
		for k, i := range seq {
			w := &train
			if k >= len(seq)-2 {
				w = &test
			}
			w.WriteString(d.Dataset.Users.ID(int32(u)) + "," + d.Dataset.Items.ID(i) + "\n")
		}
	}
	trainPath, testPath := filepath.Join(dir, "train.csv"), filepath.Join(dir, "test.csv")
	require.NoError(t, os.WriteFile(trainPath, []byte(train.String()), 0o644))
	require.NoError(t, os.WriteFile(testPath, []byte(test.String()), 0o644))

	bundle := filepath.Join(dir, "g.crec")
	code, out, stderr := pack(t, "train", "--data", trainPath, "--holdout", "random", "--test", testPath,
		"--epochs", "5", "--workers", "1", "--quiet", "--out", bundle)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "one random validation item for 200 users")
	require.Contains(t, out, "Recall")
	require.Contains(t, out, "test (test file "+testPath+", full ranking, training items masked)")
	require.NotContains(t, out, "leave-one-out", "the test items are the file's, not a leave-one-out split")

	recs := filepath.Join(dir, "recs.tsv")
	code, _, stderr = pack(t, "recommend", "--bundle", bundle, "--k", "20", "--exclude-seen", "--quiet", "--out", recs)
	require.Equal(t, 0, code, stderr)
	code, out, stderr = pack(t, "eval", "--data", trainPath, "--holdout", "none", "--test", testPath, "--recs", recs)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "test file")

	code, _, _ = pack(t, "eval", "--data", trainPath, "--test", testPath)
	require.Equal(t, 2, code, "--test with the default loo holdout is a usage error")
}

// requireVersus compares recs (its lines given) with a copy whose lists lose their first item, through
// pack eval --versus: the paired difference is the difference of the two reports.
func requireVersus(t *testing.T, data, recs string, lines []string) {
	t.Helper()
	var shifted strings.Builder
	for _, l := range lines {
		user, items, _ := strings.Cut(l, "\t")
		_, rest, _ := strings.Cut(items, ",")
		shifted.WriteString(user + "\t" + rest + "\n")
	}
	worse := filepath.Join(t.TempDir(), "worse.tsv")
	require.NoError(t, os.WriteFile(worse, []byte(shifted.String()), 0o644))
	code, out, stderr := pack(t, "eval", "--data", data, "--recs", recs, "--versus", worse)
	require.Equal(t, 0, code, stderr)
	jl := strings.SplitN(out, "\n", 4)
	var a, b map[string]any
	require.NoError(t, json.Unmarshal([]byte(jl[0]), &a))
	require.NoError(t, json.Unmarshal([]byte(jl[1]), &b))
	require.Equal(t, "versus", b["model"])
	diff := a["hr@10"].(float64) - b["hr@10"].(float64)
	require.Positive(t, diff, "dropping each list's first item loses hits")
	require.Contains(t, out, "recs − versus, paired over 300 users")
	require.Regexp(t, `hr@10\s+`+regexp.QuoteMeta(fmt.Sprintf("%+.4f", diff)), out)

	code, out, stderr = pack(t, "eval", "--data", data, "--recs", recs, "--versus", recs)
	require.Equal(t, 0, code, stderr)
	require.Regexp(t, `recall@20\s+\+0\.0000\s+0\.0000\s+\+0\.00\s+0\s+0`, out)

	require.NoError(t, os.WriteFile(worse, []byte("nobody\titem\n"), 0o644))
	code, _, stderr = pack(t, "eval", "--data", data, "--recs", recs, "--versus", worse)
	require.NotEqual(t, 0, code)
	require.Contains(t, stderr, "nobody")
}
