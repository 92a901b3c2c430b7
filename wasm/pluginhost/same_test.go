//go:build !js

package pluginhost

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/corerec/corerec/rules/plugin"
	"github.com/corerec/corerec/rules/plugin/prep/preptest"
	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

// pluginFiles are every committed plugin module: rules/plugin's hostile and ABI fixtures and the example
// rules (AssemblyScript, WAT and Go, whose runtime needs WASI).
func pluginFiles(t *testing.T) []string {
	var files []string
	for _, g := range []string{"../../rules/plugin/testdata/*.wasm", "../../rules/plugin/testdata/*/*.wasm",
		"../../rules/examples/*/*.wasm", "../../rules/examples/go/*/*.wasm"} {
		m, err := filepath.Glob(g)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.GreaterOrEqual(t, len(files), 60)
	return files
}

func candidates(n int) []runtime.Candidate {
	c := make([]runtime.Candidate, n)
	for i := range c {
		c[i] = runtime.Candidate{Index: int32(i), Score: float32(n-i) / 7}
	}
	return c
}

// TestSameAsWazeroHost loads every committed plugin on rules/plugin's host and on this host (over wazero,
// the one part the browser replaces), under both policies, and runs three calls: the same plugins load,
// with the same errors, and every call gives the same candidates or the same error, word for word. The
// one difference is deliberate: a plugin that imports WASI does not load here.
func TestSameAsWazeroHost(t *testing.T) {
	ctx := context.Background()
	native, err := plugin.NewHost(ctx, plugin.HostConfig{})
	require.NoError(t, err)
	defer native.Close(ctx)
	eng := newWazeroEngine()
	defer eng.close()
	cat := preptest.Catalog(300)
	var loaded, failedCalls, fuel, changed int
	in := &runtime.RerankInput{K: 10, Now: time.Unix(1_700_000_000+86400*280, 0), User: "u1", Catalog: cat}
	for _, file := range pluginFiles(t) {
		wasm, err := os.ReadFile(file)
		require.NoError(t, err)
		name := strings.TrimSuffix(filepath.Base(file), ".wasm")
		for _, fail := range []bool{true, false} {
			t.Run(name+"/fail="+strconv.FormatBool(fail), func(t *testing.T) {
				pol := plugin.Skip
				if fail {
					pol = plugin.Fail
				}
				bp, berr := Load(eng, name, wasm, Options{Fail: fail}, nil)
				if errors.Is(berr, plugin.ErrImport) && strings.Contains(berr.Error(), "wasi_snapshot_preview1") {
					return // WASI: not offered by the browser host
				}
				np, nerr := native.Load(ctx, name, wasm, plugin.Options{Policy: pol, Instances: 1})
				if nerr != nil {
					require.Error(t, berr)
					require.Equal(t, nerr.Error(), berr.Error())
					return
				}
				require.NoError(t, berr)
				loaded++
				defer np.Close(ctx)
				defer bp.Close()
				for call, n := range []int{200, 1, 200} {
					nc, bc := candidates(n), candidates(n)
					nout, nerr := np.Rerank(ctx, in, nc)
					bout, berr := bp.Rerank(ctx, in, bc)
					if nerr != nil {
						require.Error(t, berr, "call %d", call)
						require.Equal(t, nerr.Error(), berr.Error(), "call %d", call)
						failedCalls++
						if errors.Is(berr, plugin.ErrFuel) {
							fuel++
						}
						continue
					}
					require.NoError(t, berr, "call %d", call)
					require.Equal(t, nout, bout, "call %d", call)
					if n > 1 && !slices.Equal(bout, candidates(n)) {
						changed++
					}
				}
			})
		}
	}
	t.Logf("%d loads, %d failed calls (%d out of fuel), %d calls changed the candidates", loaded, failedCalls, fuel, changed)
	require.True(t, loaded >= 40 && fuel >= 8 && failedCalls >= 30 && changed >= 8, "the fixtures exercise too little")
}
