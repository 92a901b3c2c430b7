//go:build !js

package pluginhost

import (
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzPrepare feeds arbitrary modules to the checks and the metering: they never panic, and a refusal
// always wraps one of the load sentinels (a plugin author can act on it; the page never breaks).
func FuzzPrepare(f *testing.F) {
	for _, file := range []string{"../../rules/examples/wat/band.wasm", "../../rules/examples/assemblyscript/diverse.wasm",
		"../../rules/plugin/testdata/reverse.wasm", "../../rules/plugin/testdata/hostile/memory_initial_huge.wasm",
		"../../rules/plugin/testdata/hostile/import_socket.wasm", "../../rules/plugin/testdata/hostile/abi_v2.wasm"} {
		b, err := os.ReadFile(file)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte("\x00asm\x01\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, wasm []byte) {
		info, bin, err := prepare("fz", wasm, Options{})
		if err != nil {
			var pe *Error
			require.True(t, errors.As(err, &pe), "%v", err)
			ok := false
			for _, s := range []error{ErrNotPlugin, ErrVersion, ErrImport, ErrLimits, ErrModule} {
				ok = ok || errors.Is(err, s)
			}
			require.True(t, ok, "%v", err)
			return
		}
		require.Equal(t, len(bin), info.MeteredBytes)
		require.LessOrEqual(t, info.MemoryPages, uint32(HostMemoryPages))
	})
}
