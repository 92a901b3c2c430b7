package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
)

// reindex swaps only the index: exact → HNSW → exact keeps every other section byte for byte, the exact
// round trip recommends exactly as the original, and the graph's lists are (nearly) the exact ones.
func TestReindex(t *testing.T) {
	dir := t.TempDir()
	data := writeSynthCSV(t, dir)
	exact, hnsw, back := filepath.Join(dir, "e.crec"), filepath.Join(dir, "h.crec"), filepath.Join(dir, "b.crec")
	code, _, stderr := pack(t, "train", "--data", data, "--out", exact, "--epochs", "3", "--workers", "1", "--quiet",
		"--index", "exact", "--quant", "int8")
	require.Equal(t, 0, code, stderr)

	code, out, stderr := pack(t, "reindex", exact, "--index", "hnsw", "--hnsw-m", "8", "--out", hnsw)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "index hnsw M=8 efConstruction=200")
	code, out, stderr = pack(t, "reindex", hnsw, "--index", "exact", "--out", back)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "index exact")

	orig, graph, round := sections(t, exact), sections(t, hnsw), sections(t, back)
	require.Contains(t, graph, modelpack.SectionItemGraph)
	delete(graph, modelpack.SectionItemGraph)
	require.Equal(t, orig, graph, "every other section is copied")
	require.Equal(t, orig, round)

	recs := map[string][]byte{}
	for _, b := range []string{exact, hnsw, back} {
		f := b + ".tsv"
		code, _, stderr := pack(t, "recommend", "--bundle", b, "--users", "all", "--k", "10", "--quiet", "--out", f)
		require.Equal(t, 0, code, stderr)
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		recs[b] = raw
	}
	require.Equal(t, string(recs[exact]), string(recs[back]))
	require.Greater(t, overlap(t, recs[exact], recs[hnsw]), 0.95, "HNSW at the default beam on 200 items finds nearly the exact lists")

	for name, args := range map[string][]string{
		"same file": {"reindex", exact, "--out", exact},
		"quant":     {"reindex", exact, "--quant", "f16", "--out", filepath.Join(dir, "x.crec")},
		"no out":    {"reindex", exact},
		"index":     {"reindex", exact, "--index", "lsh", "--out", filepath.Join(dir, "x.crec")},
	} {
		code, _, _ := pack(t, args...)
		require.Equal(t, 2, code, name)
	}
	code, _, _ = pack(t, "reindex", filepath.Join(dir, "missing.crec"), "--out", filepath.Join(dir, "x.crec"))
	require.Equal(t, 1, code)
}

// sections maps a bundle's section names to their payloads' length and checksum.
func sections(t *testing.T, path string) map[string][2]int64 {
	t.Helper()
	b, err := modelpack.Open(path, modelpack.Options{})
	require.NoError(t, err)
	defer b.Close()
	out := map[string][2]int64{}
	for _, s := range b.Sections() {
		out[s.Name] = [2]int64{s.Length, int64(s.CRC32C)}
	}
	return out
}

// overlap is the share of the (user, item) pairs of recommendation file a that file b also lists.
func overlap(t *testing.T, a, b []byte) float64 {
	t.Helper()
	pairs := func(raw []byte) map[string]bool {
		m := map[string]bool{}
		for _, line := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
			user, items, ok := strings.Cut(line, "\t")
			require.True(t, ok, line)
			for _, it := range strings.Split(items, ",") {
				m[user+"\t"+it] = true
			}
		}
		return m
	}
	pa, pb := pairs(a), pairs(b)
	shared := 0
	for p := range pa {
		if pb[p] {
			shared++
		}
	}
	return float64(shared) / float64(len(pa))
}
