package prep

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tetratelabs/wazero"

	"github.com/corerec/corerec/rules/plugin/meter"
)

const hostile = "../testdata/hostile/"

var (
	native  = Limits{MaxModuleBytes: 16 << 20, MemoryPages: 1024}
	browser = Limits{MaxModuleBytes: 16 << 20, MemoryPages: 1024, NoWASI: true}
)

func read(t testing.TB, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	return b
}

// Each check refuses what it exists to refuse, with its sentinel, on every host; a host without WASI
// refuses WASI imports the others accept or refuse for another reason.
func TestPrepareRefuses(t *testing.T) {
	for _, tc := range []struct {
		file     string
		lim      Limits
		opt      Options
		sentinel error
		text     string
	}{
		{"abi_missing.wasm", native, Options{}, ErrNotPlugin, `no export "corerec_abi_v1"`},
		{"abi_v2.wasm", native, Options{}, ErrVersion, "speaks ABI v2, this host speaks v1"},
		{"abi_no_memory.wasm", native, Options{}, ErrNotPlugin, `no exported memory "memory"`},
		{"import_socket.wasm", native, Options{}, ErrImport, "never available to plugins"},
		{"import_socket.wasm", browser, Options{}, ErrImport, "the browser build offers plugins no WASI"},
		{"import_wasi_undeclared.wasm", native, Options{}, ErrImport, `add "wasi": true`},
		{"import_memory.wasm", native, Options{}, ErrImport, "plugins define their own memory"},
		{"import_log_signature.wasm", native, Options{}, ErrImport, "must be imported as (ptr i32, len i32) -> ()"},
		{"memory_initial_huge.wasm", native, Options{}, ErrLimits, "ask for more with \"memory_pages\""},
		{"../reverse.wasm", Limits{MaxModuleBytes: 10, MemoryPages: 1024}, Options{}, ErrLimits, "the host accepts at most 10"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			_, err := Prepare("x", read(t, hostile+tc.file), tc.lim, tc.opt)
			require.ErrorIs(t, err, tc.sentinel)
			require.ErrorContains(t, err, tc.text)
			var pe *Error
			require.ErrorAs(t, err, &pe)
		})
	}
}

// A plugin is granted the defaults, or what its options and manifest say; unmetered, it is left as it is.
func TestPrepareGrants(t *testing.T) {
	wasm := read(t, "../testdata/reverse.wasm")
	m, err := Prepare("rev", wasm, native, Options{Fuel: 1000, InitFuel: 10, Stack: 64, MemoryPages: 3})
	require.NoError(t, err)
	require.Equal(t, "rev", m.Info.Name)
	require.Equal(t, []int64{1000, 10}, []int64{m.Info.Fuel, m.Info.InitFuel})
	require.Equal(t, int32(64), m.Info.Stack)
	require.Equal(t, uint32(3), m.Info.MemoryPages)
	require.Equal(t, len(m.Bin), m.Info.MeteredBytes)
	require.NotEqual(t, wasm, m.Bin)

	m, err = Prepare("rev", wasm, Limits{MaxModuleBytes: 1 << 20, MemoryPages: 2, Unmetered: true}, Options{})
	require.NoError(t, err)
	require.Equal(t, wasm, m.Bin)
	require.Equal(t, uint32(2), m.Info.MemoryPages, "the host's cap bounds the default")
}

// FuzzPrepare feeds arbitrary modules to the checks and the metering: they never panic, and a refusal
// always wraps one of the load sentinels (a plugin author can act on it; the page never breaks).
func FuzzPrepare(f *testing.F) {
	for _, file := range []string{"../../examples/wat/band.wasm", "../../examples/assemblyscript/diverse.wasm",
		"../testdata/reverse.wasm", hostile + "memory_initial_huge.wasm", hostile + "import_socket.wasm",
		hostile + "abi_v2.wasm"} {
		f.Add(read(f, file))
	}
	f.Add([]byte("\x00asm\x01\x00\x00\x00"))
	ctx := context.Background()
	engine := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
	defer engine.Close(ctx)
	f.Fuzz(func(t *testing.T, wasm []byte) {
		for _, lim := range []Limits{native, browser} {
			m, err := Prepare("fz", wasm, lim, Options{})
			if err != nil {
				var pe *Error
				require.True(t, errors.As(err, &pe), "%v", err)
				ok := false
				for _, s := range []error{ErrNotPlugin, ErrVersion, ErrImport, ErrLimits, ErrModule} {
					ok = ok || errors.Is(err, s)
				}
				require.True(t, ok, "%v", err)
				continue
			}
			require.Equal(t, len(m.Bin), m.Info.MeteredBytes)
			require.LessOrEqual(t, m.Info.MemoryPages, lim.MemoryPages)
			if lim.NoWASI {
				continue // the browser compiles with its own engine
			}
			// What Prepare passes goes to the native host, which checks the counts the engine allocates by
			// (meter.CheckEngineBounds) and compiles: the engine may refuse it, never crash on it (an
			// allocation by a hostile count is fatal, not a panic).
			if meter.CheckEngineBounds(m.Bin) != nil {
				continue
			}
			func() {
				defer func() { _ = recover() }() // the host turns an engine panic into an error too
				if c, err := engine.CompileModule(ctx, m.Bin); err == nil {
					_ = c.Close(ctx)
				}
			}()
		}
	})
}
