package meter

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The wabt version the committed fixtures were built with; other versions may encode differently.
const wabtVersion = "1.0.32"

// TestFixturesUpToDate rebuilds every testdata/*.wat with wat2wasm, when that wabt version is installed,
// and compares with the committed .wasm.
func TestFixturesUpToDate(t *testing.T) {
	out, err := exec.Command("wat2wasm", "--version").Output()
	if err != nil || strings.TrimSpace(string(out)) != wabtVersion {
		t.Skipf("wat2wasm %s not installed (have %q, %v)", wabtVersion, out, err)
	}
	srcs, err := filepath.Glob("testdata/*.wat")
	require.NoError(t, err)
	for _, src := range srcs {
		tmp := filepath.Join(t.TempDir(), "out.wasm")
		msg, err := exec.Command("wat2wasm", src, "-o", tmp).CombinedOutput()
		require.NoError(t, err, "%s: %s", src, msg)
		got, err := os.ReadFile(tmp)
		require.NoError(t, err)
		want, err := os.ReadFile(strings.TrimSuffix(src, ".wat") + ".wasm")
		require.NoError(t, err)
		require.True(t, bytes.Equal(want, got), "%s: committed .wasm is stale; rebuild (testdata/README.md)", src)
	}
}
