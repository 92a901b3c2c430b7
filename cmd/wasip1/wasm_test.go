package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	goruntime "runtime"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
	"github.com/tetratelabs/wazero/sys"

	"github.com/corerec/corerec/wasm/testbundle"
)

// buildWasip1 compiles this command for GOOS=wasip1 into dir.
func buildWasip1(t *testing.T, dir string) string {
	t.Helper()
	out := filepath.Join(dir, "corerec-wasip1.wasm")
	cmd := exec.Command(filepath.Join(goruntime.GOROOT(), "bin", "go"), "build", "-trimpath", "-ldflags=-s -w",
		"-o", out, ".")
	cmd.Env = append(cmd.Environ(), "GOOS=wasip1", "GOARCH=wasm")
	msg, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", msg)
	return out
}

// runWazero runs the module with the bundle's folder mounted read-only at /data.
func runWazero(t *testing.T, module, bundle string, stdin []byte) []byte {
	t.Helper()
	ctx := context.Background()
	code, err := os.ReadFile(module)
	require.NoError(t, err)
	r := wazero.NewRuntime(ctx)
	defer r.Close(ctx)
	wasi_snapshot_preview1.MustInstantiate(ctx, r)
	var out, errb bytes.Buffer
	cfg := wazero.NewModuleConfig().WithArgs("corerec-wasip1", "/data/"+filepath.Base(bundle)).
		WithFSConfig(wazero.NewFSConfig().WithReadOnlyDirMount(filepath.Dir(bundle), "/data")).
		WithStdin(bytes.NewReader(stdin)).WithStdout(&out).WithStderr(&errb)
	_, err = r.InstantiateWithConfig(ctx, code, cfg)
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		require.Zero(t, exit.ExitCode(), "stderr: %s", errb.String())
	} else {
		require.NoError(t, err, "stderr: %s", errb.String())
	}
	return out.Bytes()
}

// The wasip1 build gives the native answers under wazero and under node's WASI: 1,000 varied calls, the
// same item lists, scores equal to 1e-5.
func TestParityWasip1(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasip1 module")
	}
	dir := t.TempDir()
	module := buildWasip1(t, dir)
	bundle := writeBundle(t, testbundle.Config{Items: 3000, Dim: 48, Categories: 12})
	calls := parityCalls(t, bundle, 1000)
	var native, errb bytes.Buffer
	require.Zero(t, run(context.Background(), []string{bundle}, bytes.NewReader(calls), &native, &errb), errb.String())

	t.Run("wazero", func(t *testing.T) {
		requireSameAnswers(t, native.Bytes(), runWazero(t, module, bundle, calls), 1e-5)
	})
	t.Run("node", func(t *testing.T) {
		node, err := exec.LookPath("node")
		if err != nil {
			t.Skip("node is not installed")
		}
		in, out := filepath.Join(dir, "calls.jsonl"), filepath.Join(dir, "answers.jsonl")
		require.NoError(t, os.WriteFile(in, calls, 0o644))
		msg, err := exec.Command(node, "--no-warnings", "testdata/node-wasi.mjs", module, bundle, in, out).CombinedOutput()
		require.NoError(t, err, "%s", msg)
		got, err := os.ReadFile(out)
		require.NoError(t, err)
		requireSameAnswers(t, native.Bytes(), got, 1e-5)
	})
}
