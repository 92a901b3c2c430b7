package wire_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The browser build never contains the trainer or wazero (docs/ARCHITECTURE.md), nor msgpack and the `log`
// it drags in (modelpack reads and writes its header with its own bounded coder: 0.3 MB of code), nor
// encoding/json (230 KB of code: bundle specs decode with internal/strictjson), nor fmt (with the reflection
// it formats through, about 70 KB gzip: messages format with internal/fmtlite). Its size is otherwise
// checked by TestBrowserBuildSize instead of banning packages one by one.
func TestBrowserBuildImports(t *testing.T) {
	if goruntime.GOOS == "js" || goruntime.GOOS == "wasip1" {
		t.Skip("runs the go command")
	}
	gobin := filepath.Join(goruntime.GOROOT(), "bin", "go")
	// plugins and the ranker (in every build): plugins on the browser's engine, with the checks shared with
	// the wazero host (rules/plugin/prep)
	for _, pkg := range []string{"./wasm", "./wasm/wire", "./rules/plugin/prep"} {
		cmd := exec.Command(gobin, append([]string{"list", "-deps"}, strings.Fields(pkg)...)...)
		cmd.Dir = "../.."
		cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		for _, d := range strings.Fields(string(out)) {
			for _, bad := range []string{"github.com/corerec/corerec/train", "github.com/tetratelabs/wazero",
				"github.com/corerec/corerec/wasm/testbundle", "github.com/vmihailenco/msgpack", "log", "encoding/json", "fmt"} {
				require.False(t, d == bad || strings.HasPrefix(d, bad+"/"), "%s imports %s", pkg, d)
			}
		}
	}
}

// The runtime .wasm, built as wasm/build.sh builds it (retrieval, pipeline, ranker, rules, rule plugins),
// stays within the 1.2 MB gzip budget.
func TestBrowserBuildSize(t *testing.T) {
	if testing.Short() || goruntime.GOOS == "js" || goruntime.GOOS == "wasip1" {
		t.Skip("builds the browser runtime")
	}
	dir := t.TempDir()
	cmd := exec.Command("bash", "wasm/build.sh", dir)
	cmd.Dir = "../.."
	cmd.Env = append(cmd.Environ(), "GO="+filepath.Join(goruntime.GOROOT(), "bin", "go"))
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", msg)
	raw, err := os.ReadFile(filepath.Join(dir, "corerec.wasm"))
	require.NoError(t, err)
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	require.NoError(t, err)
	_, err = zw.Write(raw)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	t.Logf("corerec.wasm: %d bytes raw, %d gzip", len(raw), buf.Len())
	require.LessOrEqual(t, buf.Len(), 1_200_000, "gzip size over the 1.2 MB budget")
}
