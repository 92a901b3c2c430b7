package meter

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tetratelabs/wazero"
)

func TestParseErrors(t *testing.T) {
	typ, fn := sect(secType, 1, 0x60, 0, 0), sect(secFunction, 1, 0)
	for _, tc := range []struct {
		name string
		wasm []byte
		err  error
		msg  string
	}{
		{"empty", nil, ErrMalformed, "magic"},
		{"version 2", []byte{0, 'a', 's', 'm', 2, 0, 0, 0}, ErrMalformed, "magic"},
		{"truncated section", append(module(), secType, 10, 1), ErrMalformed, "past the end"},
		{"unknown section", module(sect(14)), ErrMalformed, "unknown section"},
		{"out of order", module(fn, typ), ErrMalformed, "out of order"},
		{"repeated", module(typ, typ), ErrMalformed, "out of order"},
		{"tag section", module(sect(secTag, 0)), ErrUnsupported, "exception"},
		{"gc type", module(sect(secType, 1, 0x5f, 0, 0)), ErrUnsupported, "GC"},
		{"shared memory", module(sect(secMemory, 1, 3, 1, 1)), ErrUnsupported, "shared"},
		{"memory64", module(sect(secMemory, 1, 4, 1)), ErrUnsupported, "memory64"},
		{"bodies mismatch", module(typ, fn), ErrMalformed, "0 function bodies for 1"},
		{"trailing bytes", module(typ, sect(secFunction, 1, 0, 0)), ErrMalformed, "trailing"},
		{"huge vector", module(sect(secImport, 0xff, 0xff, 0xff, 0xff, 0x0f)), ErrMalformed, "does not fit"},
		{"bad import kind", module(sect(secImport, 1, 1, 'a', 1, 'b', 9)), ErrMalformed, "import kind"},
		{"function type index", module(typ, sect(secFunction, 1, 48), sect(secCode, 1, 2, 0, 0x0b)), ErrMalformed, "type 48 of 1"},
		{"import type index", module(typ, sect(secImport, 1, 1, 'a', 1, 'b', 0, 5)), ErrMalformed, "type 5 of 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.wasm)
			require.ErrorIs(t, err, tc.err)
			require.ErrorContains(t, err, tc.msg)
		})
	}
}

func TestInstrumentErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		wasm []byte
		err  error
		msg  string
	}{
		{"threads", funcModule(0xfe, 0x03, 0x00, 0x0b), ErrUnsupported, "threads"},
		{"tail call", funcModule(0x12, 0x00, 0x0b), ErrUnsupported, "tail calls"},
		{"exceptions", funcModule(0x08, 0x00, 0x0b), ErrUnsupported, "exceptions"},
		{"relaxed simd", funcModule(0xfd, 0x80, 0x02, 0x0b), ErrUnsupported, "relaxed"},
		{"multi memory", funcModule(0x41, 0, 0x28, 0x40, 1, 0, 0x1a, 0x0b), ErrUnsupported, "multiple memories"},
		{"unknown opcode", funcModule(0x27, 0x0b), ErrMalformed, "unknown opcode"},
		{"unknown fc", funcModule(0xfc, 0x20, 0x0b), ErrMalformed, "0xfc"},
		{"no end", funcModule(0x01), ErrMalformed, "open blocks"},
		{"unbalanced", funcModule(0x02, 0x40, 0x0b), ErrMalformed, "open blocks"},
		{"code after end", funcModule(0x0b, 0x01), ErrMalformed, "after the function's end"},
		{"bad local type", module(sect(secType, 1, 0x60, 0, 0), sect(secFunction, 1, 0),
			sect(secCode, 1, 4, 1, 1, 0x40, 0x0b)), ErrMalformed, "local type"},
		{"too many locals", module(sect(secType, 1, 0x60, 0, 0), sect(secFunction, 1, 0),
			sect(secCode, 1, 8, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x0b)), ErrMalformed, "locals"},
		{"bad ref.null", funcModule(0xd0, 0x7f, 0x1a, 0x0b), ErrMalformed, "ref.null"},
		{"bad LEB", funcModule(0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1a, 0x0b), ErrMalformed, "LEB128"},
		{"fuel global", funcModule(0x42, 0, 0x24, 0, 0x0b), ErrMalformed, "global 0 does not exist"},
		{"reserved export", module(sect(secExport, 1, byte(len(GlobalName)))), ErrUnsupported, "reserved"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "reserved export" {
				tc.wasm = module(sect(secExport, append(append([]byte{1, byte(len(GlobalName))}, GlobalName...), 3, 0)...))
			}
			m, err := Parse(tc.wasm)
			if err == nil {
				_, _, err = m.Instrument(Options{})
			}
			require.ErrorIs(t, err, tc.err)
			require.ErrorContains(t, err, tc.msg)
		})
	}
	m, err := Parse(funcModule(0x0b))
	require.NoError(t, err)
	_, _, err = m.Instrument(Options{InitFuel: -1})
	require.ErrorContains(t, err, "negative")
}

// FuzzInstrument: no input panics; whatever the engine accepts before metering, it accepts after; and the
// metered module carries a charge after every loop header.
func FuzzInstrument(f *testing.F) {
	for _, name := range []string{"count.wasm", "features.wasm"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add(funcModule(0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b))
	ctx := context.Background()
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfigInterpreter())
	defer r.Close(ctx)
	f.Fuzz(func(t *testing.T, wasm []byte) {
		m, err := Parse(wasm)
		if err != nil {
			require.True(t, isOurs(err), "%v", err)
			return
		}
		out, st, err := m.Instrument(Options{InitFuel: 100, KeepCustom: []string{"name"}})
		if err != nil {
			require.True(t, isOurs(err), "%v", err)
			return
		}
		back, err := Parse(out)
		require.NoError(t, err)
		var st2 Stats
		for i, b := range back.bodies {
			g := uint32(back.importedGlobal + back.globals)
			env := bodyEnv{fuel: g, stack: g + 1, blockType: []byte{0x40}}
			if int(back.Funcs[i]) < len(back.Types) {
				env.nparams = len(back.Types[back.Funcs[i]].Params)
			}
			_, err := instrumentBody(nil, b, env, &st2)
			require.NoError(t, err)
		}
		require.GreaterOrEqual(t, st2.Points, st.Points, "a metered module meters again")
		if CheckEngineBounds(wasm) != nil {
			return // the plugin host gives the engine no such module (it would allocate by its counts)
		}
		require.NoError(t, CheckEngineBounds(out), "metering keeps a module within the engine's bounds")
		if c, err := compile(ctx, r, wasm); err == nil {
			_ = c.Close(ctx)
			c2, err := compile(ctx, r, out)
			require.NoError(t, err, "metering broke a valid module")
			_ = c2.Close(ctx)
		}
	})
}

// compile compiles, turning an engine panic into an error: the fuzzer finds inputs that crash engines too.
func compile(ctx context.Context, r wazero.Runtime, wasm []byte) (c wazero.CompiledModule, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("engine panic: %v", p)
		}
	}()
	return r.CompileModule(ctx, wasm)
}

func isOurs(err error) bool {
	return errorsIs(err, ErrMalformed) || errorsIs(err, ErrUnsupported)
}

func errorsIs(err, target error) bool { return errors.Is(err, target) }
