package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// pack content builds a bundle from item text and interactions; recommend, inspect and --similar-recs
// read it, and eval scores the lists.
func TestContentCommand(t *testing.T) {
	dir := t.TempDir()
	events := filepath.Join(dir, "events.csv")
	items := filepath.Join(dir, "items.csv")
	require.NoError(t, os.WriteFile(events, []byte("user,item,timestamp\n"+
		"u1,space1,1\nu1,space2,2\nu1,space3,3\nu1,space4,4\n"+
		"u2,love1,1\nu2,love2,2\nu2,love3,3\nu2,love4,4\n"), 0o644))
	require.NoError(t, os.WriteFile(items, []byte("item,title,genres\n"+
		"space1,Space Station,SciFi\nspace2,Space Odyssey,SciFi\nspace3,Alien Space,SciFi\nspace4,Space Wars,SciFi\n"+
		"love1,Love Story,Romance\nlove2,Love Actually,Romance\nlove3,In Love,Romance\nlove4,Love Letters,Romance\n"), 0o644))
	bundle := filepath.Join(dir, "c.crec")
	sim := filepath.Join(dir, "sim.tsv")
	code, out, stderr := pack(t, "content", "--data", events, "--items", items, "--stop-words", "--out", bundle, "--similar-recs", sim, "--k", "3")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "tfidf: 8 items")

	raw, err := os.ReadFile(sim)
	require.NoError(t, err)
	require.Contains(t, string(raw), "u1\tspace4", "u1's last stored item is space3 (space4 is the test item)")

	recs := filepath.Join(dir, "recs.tsv")
	code, _, stderr = pack(t, "recommend", "--bundle", bundle, "--k", "1", "--exclude-seen", "--out", recs, "--quiet")
	require.Equal(t, 0, code, stderr)
	raw, err = os.ReadFile(recs)
	require.NoError(t, err)
	require.Equal(t, "u1\tspace4\nu2\tlove4", strings.TrimSpace(string(raw)))
	code, out, stderr = pack(t, "eval", "--data", events, "--recs", recs)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, `"hr@10":1`)

	code, out, _ = pack(t, "inspect", bundle)
	require.Equal(t, 0, code)
	require.Contains(t, out, "content.terms")

	code, _, _ = pack(t, "content", "--items", items)
	require.Equal(t, 2, code, "--out is required")
	code, _, _ = pack(t, "content", "--items", filepath.Join(dir, "missing.csv"), "--out", bundle)
	require.Equal(t, 1, code)
	// Without --data: a catalog of the file's items, for similarity only.
	code, _, stderr = pack(t, "content", "--items", items, "--out", bundle)
	require.Equal(t, 0, code, stderr)
}
