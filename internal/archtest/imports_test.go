package archtest

import (
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const module = "github.com/corerec/corerec"

// deps lists every package pkg depends on (transitively), for the given GOOS/GOARCH ("" = host).
func deps(t *testing.T, goos, goarch, pkg string) []string {
	t.Helper()
	gobin := filepath.Join(goruntime.GOROOT(), "bin", "go")
	cmd := exec.Command(gobin, "list", "-deps", pkg)
	cmd.Dir = "../.."
	if goos != "" {
		cmd.Env = append(cmd.Environ(), "GOOS="+goos, "GOARCH="+goarch)
	}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go list -deps %s: %s", pkg, out)
	return strings.Fields(string(out))
}

// The embeddable core imports only the stdlib, msgpack and vek, and never the trainer, the plugin host,
// HTTP, syscall/js or wazero.
func TestImports(t *testing.T) {
	forbidden := []string{module + "/train", module + "/rules/plugin", "net/http", "syscall/js",
		"github.com/tetratelabs/wazero"}
	allowedThirdParty := []string{"github.com/vmihailenco/", "github.com/viterin/", "github.com/chewxy/math32",
		"golang.org/x/sys/cpu", "golang.org/x/exp"}
	for _, pkg := range []string{"runtime", "modelpack", "ann", "internal/kernel"} {
		t.Run(pkg, func(t *testing.T) {
			for _, d := range deps(t, "", "", module+"/"+pkg) {
				for _, f := range forbidden {
					require.False(t, d == f || strings.HasPrefix(d, f+"/"), "%s imports %s", pkg, d)
				}
				if strings.Contains(strings.SplitN(d, "/", 2)[0], ".") && !strings.HasPrefix(d, module) {
					ok := false
					for _, a := range allowedThirdParty {
						ok = ok || strings.HasPrefix(d, a)
					}
					require.True(t, ok, "%s imports third-party %s", pkg, d)
				}
			}
		})
	}
}
