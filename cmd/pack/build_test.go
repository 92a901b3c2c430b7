package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// build trains an MF retriever and a DCN-v2 ranker on the tiny MovieLens directory and assembles them
// with rules; it returns the directory and the funnel bundle.
func buildFunnel(t *testing.T, extra ...string) (string, string) {
	ml := writeTinyMovieLens(t)
	dir := t.TempDir()
	retr, rank, full := filepath.Join(dir, "mf.crec"), filepath.Join(dir, "dcn.crec"), filepath.Join(dir, "full.crec")
	code, _, stderr := pack(t, "train", "--data", filepath.Join(ml, "u.data"), "--out", retr, "--epochs", "2", "--dim", "4", "--workers", "1", "--quiet")
	require.Equal(t, 0, code, stderr)
	code, _, stderr = pack(t, "train", "--model", "dcn", "--data", ml, "--out", rank, "--epochs", "1", "--embed-dim", "4", "--deep", "8", "--cross-layers", "1")
	require.Equal(t, 0, code, stderr)
	rules := filepath.Join(dir, "rules.json")
	require.NoError(t, os.WriteFile(rules, []byte(`{"rules":[{"kind":"blocklist","config":{"block":{"items":["3"]}}},
		{"kind":"pin","name":"promo","off":true,"config":{"pins":[{"item":"8","position":0}]}}]}`), 0o644))
	args := append([]string{"build", "--retriever", retr, "--ranker", rank, "--rules", rules, "--out", full,
		"--retrievers", "embedding,popular:0.5,item2item", "--candidates", "6", "--keep", "5", "--budget-rank", "5ms"}, extra...)
	code, _, stderr = pack(t, args...)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "ranker true, rules true")
	return dir, full
}

func TestBuildRecommendInspect(t *testing.T) {
	dir, full := buildFunnel(t)
	code, out, stderr := pack(t, "inspect", full)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "pipeline fusion=rrf embedding(candidates=6) popular(candidates=6 weight=0.5) item2item(candidates=6) → rank keep=5 budget=5ms")
	require.Contains(t, out, "ranker   dcn")
	require.Contains(t, out, "blocklist:blocklist pin:promo(off)")

	recs := filepath.Join(dir, "recs.jsonl")
	code, _, stderr = pack(t, "recommend", "--bundle", full, "--users", "all", "--k", "3", "--explain", "--out", recs, "--quiet", "--rules-on", "promo", "--candidates", "8", "--keep", "8")
	require.Equal(t, 0, code, stderr)
	raw, err := os.ReadFile(recs)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	require.Len(t, lines, 6)
	for _, l := range lines {
		var r struct {
			User  string `json:"user"`
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
			Stages []struct {
				Name string `json:"name"`
			} `json:"stages"`
			Trace struct {
				Items []struct {
					Sources []struct {
						Retriever string `json:"retriever"`
					} `json:"sources"`
				} `json:"items"`
			} `json:"trace"`
		}
		require.NoError(t, json.Unmarshal([]byte(l), &r))
		require.Len(t, r.Items, 3)
		require.Len(t, r.Trace.Items, 3)
		require.Equal(t, "8", r.Items[0].ID, "the promo pin, switched on")
		for _, it := range r.Items {
			require.NotEqual(t, "3", it.ID, "blocked")
		}
		var names []string
		for _, s := range r.Stages {
			names = append(names, s.Name)
		}
		require.Equal(t, []string{"encode", "retrieve/embedding", "retrieve/popular", "retrieve/item2item", "fuse", "rank", "rerank"}, names)
	}

	tsv := filepath.Join(dir, "recs.tsv")
	code, _, stderr = pack(t, "recommend", "--bundle", full, "--users", "all", "--k", "3", "--out", tsv, "--quiet", "--no-rank", "--fusion", "weighted")
	require.Equal(t, 0, code, stderr)
}

func TestBuildErrors(t *testing.T) {
	dir, full := buildFunnel(t)
	ml := writeTinyMovieLens(t)
	other := filepath.Join(dir, "other.crec")
	// A retriever whose items share no id with the ranker's.
	csv := filepath.Join(dir, "other.csv")
	var b strings.Builder
	b.WriteString("user,item\n")
	for u := range 5 {
		for i := range 6 {
			b.WriteString("u" + string(rune('a'+u)) + ",x" + string(rune('a'+i)) + "\n")
		}
	}
	require.NoError(t, os.WriteFile(csv, []byte(b.String()), 0o644))
	code, _, stderr := pack(t, "train", "--data", csv, "--out", other, "--epochs", "1", "--dim", "4", "--quiet")
	require.Equal(t, 0, code, stderr)
	rank := filepath.Join(dir, "dcn.crec")
	code, _, stderr = pack(t, "train", "--model", "dcn", "--data", ml, "--out", rank, "--epochs", "1", "--embed-dim", "4", "--deep", "8", "--cross-layers", "1")
	require.Equal(t, 0, code, stderr)
	code, _, stderr = pack(t, "build", "--retriever", other, "--ranker", rank, "--out", filepath.Join(dir, "x.crec"))
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "catalogs disagree")

	code, _, stderr = pack(t, "build", "--retriever", full, "--ranker", rank, "--out", filepath.Join(dir, "y.crec"))
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "already holds a ranker")

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"rules":[{"kind":"nope"}]}`), 0o644))
	code, _, stderr = pack(t, "build", "--retriever", other, "--rules", bad, "--out", filepath.Join(dir, "z.crec"))
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "unknown rule kind")

	code, _, _ = pack(t, "build", "--retriever", other, "--fusion", "max", "--out", filepath.Join(dir, "w.crec"))
	require.Equal(t, 2, code)
	code, _, _ = pack(t, "build", "--out", filepath.Join(dir, "w.crec"))
	require.Equal(t, 2, code)
}
