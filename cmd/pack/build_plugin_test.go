package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A bundle carries a plugin (pack build --plugin); pack recommend runs it after the built-in rules, and the
// blocklist still holds.
func TestBuildPlugin(t *testing.T) {
	rev, err := filepath.Abs("../../rules/plugin/testdata/reverse.wasm")
	require.NoError(t, err)
	dir, full := buildFunnel(t, "--plugin", "rev="+rev+",policy=fail,fuel=1000000")
	code, out, stderr := pack(t, "inspect", full)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "plugin.rev")

	recs := filepath.Join(dir, "recs.jsonl")
	code, _, stderr = pack(t, "recommend", "--bundle", full, "--users", "all", "--k", "3", "--explain", "--out", recs, "--quiet")
	require.Equal(t, 0, code, stderr)
	raw, err := os.ReadFile(recs)
	require.NoError(t, err)
	moved := false
	for _, l := range strings.Split(strings.TrimSpace(string(raw)), "\n") {
		var r struct {
			Items []struct {
				ID string `json:"id"`
			} `json:"items"`
			Trace struct {
				Items []struct {
					Moves []struct {
						Rule string `json:"rule"`
					} `json:"moves"`
				} `json:"items"`
			} `json:"trace"`
		}
		require.NoError(t, json.Unmarshal([]byte(l), &r))
		for _, it := range r.Items {
			require.NotEqual(t, "3", it.ID, "blocked, plugin or not")
		}
		for _, it := range r.Trace.Items {
			for _, m := range it.Moves {
				moved = moved || m.Rule == "rev"
			}
		}
	}
	require.True(t, moved, "the plugin reversed the candidates")

	code, _, stderr = pack(t, "plugin", "run", "--plugin", rev, "--bundle", full, "--user", "1", "--k", "3", "--now", "0")
	require.Equal(t, 0, code, stderr)
}

func TestBuildPluginErrors(t *testing.T) {
	dir, full := buildFunnel(t)
	for _, tc := range []struct{ flag, want string }{
		{"x=../../rules/plugin/testdata/hostile/abi_missing.wasm", "not a CoreRec plugin"},
		{"x=../../rules/plugin/testdata/reverse.wasm,policy=maybe", "policy"},
		{"x=../../rules/plugin/testdata/reverse.wasm,colour=red", "unknown option"},
		{"../../rules/plugin/testdata/reverse.wasm", "want name=P.wasm"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			out := filepath.Join(dir, "p.crec")
			code, _, stderr := pack(t, "build", "--retriever", full, "--plugin", tc.flag, "--out", out)
			require.NotEqual(t, 0, code)
			require.Contains(t, stderr, tc.want)
			require.NoFileExists(t, out)
		})
	}
}
