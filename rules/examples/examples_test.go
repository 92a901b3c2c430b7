package examples

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"

	"github.com/corerec/corerec/rules/abi"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the committed .wasm fixtures")

// fixture is one built example plugin.
type fixture struct {
	lang, rule string
	path       string        // committed .wasm, relative to this folder
	manifest   *abi.Manifest // appended after the build; nil for none
}

var rules = []struct {
	name  string
	reads []string
}{
	{"newer", []string{abi.FieldScore, abi.FieldCreatedAt}},
	{"diverse", []string{abi.FieldCategory}},
	{"band", []string{abi.FieldScore, abi.FieldAttrs, abi.FieldConfig}},
}

func fixtures() []fixture {
	var fs []fixture
	for _, r := range rules {
		fs = append(fs,
			fixture{"go", r.name, filepath.Join("go", r.name, r.name+".wasm"),
				&abi.Manifest{ABI: 1, Name: r.name + "-go", Reads: r.reads, WASI: true}},
			fixture{"assemblyscript", r.name, filepath.Join("assemblyscript", r.name+".wasm"),
				&abi.Manifest{ABI: 1, Name: r.name + "-as", Reads: r.reads}})
	}
	return append(fs, fixture{"wat", "band", filepath.Join("wat", "band.wasm"), nil})
}

// build rebuilds f into dir and returns its bytes, or skips when the toolchain is missing.
func (f fixture) build(t *testing.T, dir string) []byte {
	t.Helper()
	out := filepath.Join(dir, f.lang+"-"+f.rule+".wasm")
	var cmd *exec.Cmd
	switch f.lang {
	case "go":
		gobin := filepath.Join(goruntime.GOROOT(), "bin", "go")
		cmd = exec.Command(gobin, "build", "-buildmode=c-shared", "-trimpath", "-buildvcs=false", "-o", out, "./go/"+f.rule)
		cmd.Env = append(os.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	case "assemblyscript":
		b, err := abi.WithManifest(buildAS(t)[f.rule], *f.manifest)
		require.NoError(t, err)
		return b
	case "wat":
		v, err := exec.Command("wat2wasm", "--version").Output()
		if err != nil || strings.TrimSpace(string(v)) != "1.0.32" {
			t.Skip("wat2wasm 1.0.32 not installed")
		}
		cmd = exec.Command("wat2wasm", "wat/"+f.rule+".wat", "-o", out)
	}
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", msg)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	if f.manifest != nil {
		b, err = abi.WithManifest(b, *f.manifest)
		require.NoError(t, err)
	}
	return b
}

var asBuild struct {
	once sync.Once
	out  map[string][]byte
	err  error
	skip string
}

// buildAS runs the SDK's build script once for all three rules (node starts slowly).
func buildAS(t *testing.T) map[string][]byte {
	asBuild.once.Do(func() {
		sdk := filepath.Join("..", "sdk", "assemblyscript")
		if _, err := exec.LookPath("node"); err != nil {
			asBuild.skip = "node not installed"
			return
		}
		if _, err := os.Stat(filepath.Join(sdk, "node_modules", "assemblyscript")); err != nil {
			asBuild.skip = "assemblyscript not installed (cd rules/sdk/assemblyscript && npm ci)"
			return
		}
		dir, err := os.MkdirTemp("", "corerec-as")
		if err != nil {
			asBuild.err = err
			return
		}
		defer os.RemoveAll(dir)
		cmd := exec.Command("node", "build.mjs", dir)
		cmd.Dir = sdk
		if msg, err := cmd.CombinedOutput(); err != nil {
			asBuild.err = fmt.Errorf("%v: %s", err, msg)
			return
		}
		asBuild.out = map[string][]byte{}
		for _, r := range rules {
			if asBuild.out[r.name], err = os.ReadFile(filepath.Join(dir, r.name+".wasm")); err != nil {
				asBuild.err = err
			}
		}
	})
	if asBuild.skip != "" {
		t.Skip(asBuild.skip)
	}
	require.NoError(t, asBuild.err)
	return asBuild.out
}

// TestFixturesUpToDate rebuilds every example whose toolchain is installed and compares it with the
// committed .wasm (with -update: rewrites them).
func TestFixturesUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds with three toolchains")
	}
	for _, f := range fixtures() {
		t.Run(f.lang+"/"+f.rule, func(t *testing.T) {
			got := f.build(t, t.TempDir())
			if *update {
				require.NoError(t, os.WriteFile(f.path, got, 0o644))
				return
			}
			want, err := os.ReadFile(f.path)
			require.NoError(t, err)
			require.True(t, bytes.Equal(want, got), "%s is stale: rebuild it (README.md) or run with -update", f.path)
		})
	}
}
