package wire_test

import (
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The browser build never contains the trainer, wazero or encoding/json (docs/ARCHITECTURE.md; the size
// budget), and wire itself stays free of encoding/json.
func TestBrowserBuildImports(t *testing.T) {
	gobin := filepath.Join(goruntime.GOROOT(), "bin", "go")
	for _, pkg := range []string{"./wasm", "./wasm/wire"} {
		cmd := exec.Command(gobin, "list", "-deps", pkg)
		cmd.Dir = "../.."
		cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		for _, d := range strings.Fields(string(out)) {
			for _, bad := range []string{"github.com/corerec/corerec/train", "github.com/tetratelabs/wazero",
				"encoding/json", "github.com/corerec/corerec/wasm/testbundle"} {
				require.False(t, d == bad || strings.HasPrefix(d, bad+"/"), "%s imports %s", pkg, d)
			}
		}
	}
}
