package plugin

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFixturesUpToDate rebuilds testdata/ with build.sh into a copy, when wabt 1.0.32 is installed, and
// compares every .wasm with the committed one.
func TestFixturesUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs wat2wasm 56 times")
	}
	v, err := exec.Command("wat2wasm", "--version").Output()
	if err != nil || strings.TrimSpace(string(v)) != "1.0.32" {
		t.Skipf("wat2wasm 1.0.32 not installed (%q, %v)", v, err)
	}
	tmp := t.TempDir()
	require.NoError(t, os.CopyFS(tmp, os.DirFS("testdata")))
	msg, err := exec.Command("bash", filepath.Join(tmp, "build.sh")).CombinedOutput()
	require.NoError(t, err, "%s", msg)
	wasms, err := filepath.Glob("testdata/*/*.wasm")
	require.NoError(t, err)
	top, _ := filepath.Glob("testdata/*.wasm")
	require.GreaterOrEqual(t, len(wasms), 50)
	for _, committed := range append(wasms, top...) {
		want, err := os.ReadFile(committed)
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(tmp, strings.TrimPrefix(committed, "testdata/")))
		require.NoError(t, err)
		require.True(t, bytes.Equal(want, got), "%s is stale: run testdata/build.sh", committed)
	}
}
