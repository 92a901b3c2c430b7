package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
)

func writeTinyBundle(t *testing.T, path string) {
	t.Helper()
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindMF, Dim: 2, Metric: modelpack.MetricDot})
	require.NoError(t, b.AddCatalog(&modelpack.Catalog{ItemIDs: []string{"a", "b"}}))
	require.NoError(t, b.AddMatrix(modelpack.SectionItemEmbeddings, modelpack.Matrix{Rows: 2, Cols: 2, F32: []float32{1, 0, 0, 1}}))
	require.NoError(t, b.WriteFile(path))
}

func TestSignGenKeySignVerify(t *testing.T) {
	dir := t.TempDir()
	key, pub := filepath.Join(dir, "k.key"), filepath.Join(dir, "k.pub")
	bundle := filepath.Join(dir, "m.crec")
	writeTinyBundle(t, bundle)

	code, out, stderr := pack(t, "sign", "--gen-key", "--key", key, "--pub", pub)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "wrote "+key)
	st, err := os.Stat(key)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	code, _, stderr = pack(t, "sign", "--gen-key", "--key", key, "--pub", pub)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "not overwriting")

	code, out, stderr = pack(t, "sign", bundle, "--key", key)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "wrote "+bundle+".sig")
	code, out, stderr = pack(t, "sign", "--verify", "--pub", pub, bundle)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, out, "signature ok")

	// A changed bundle no longer verifies; a file that is not a bundle is not signed.
	data, err := os.ReadFile(bundle)
	require.NoError(t, err)
	data[len(data)-1] ^= 0xff
	require.NoError(t, os.WriteFile(bundle, data, 0o644))
	code, _, stderr = pack(t, "sign", "--verify", "--pub", pub, bundle)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "signature does not verify")
	code, _, stderr = pack(t, "sign", "--key", key, bundle)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "not signing")
}

func TestSignUsage(t *testing.T) {
	for name, args := range map[string][]string{
		"no bundles":        {"sign"},
		"gen-key + bundles": {"sign", "--gen-key", "x.crec"},
		"unknown flag":      {"sign", "--nope", "x.crec"},
	} {
		t.Run(name, func(t *testing.T) {
			code, _, _ := pack(t, args...)
			require.Equal(t, 2, code)
		})
	}
	code, _, stderr := pack(t, "sign", "--key", filepath.Join(t.TempDir(), "missing"), "x.crec")
	require.Equal(t, 1, code)
	require.True(t, bytes.Contains([]byte(stderr), []byte("no such file")), stderr)
}
