package meter

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// A "name" section whose counts fit its bytes passes CheckEngineBounds, is kept by the metering when asked
// for, and the engine compiles the result; one claiming 2³²−1 function or local names (the engine would
// allocate ~100 GB for it, a fatal error rather than a panic) is refused, as are 2³²−1 locals, which Parse
// accepts.
func TestCheckEngineBounds(t *testing.T) {
	named := func(subs ...[]byte) []byte {
		p := append([]byte{4}, "name"...)
		for _, s := range subs {
			p = append(p, s...)
		}
		return module(sect(secType, 1, 0x60, 0, 0), sect(secFunction, 1, 0),
			sect(secCode, append([]byte{1}, body(0x0b)...)...), sect(secCustom, p...))
	}
	sub := func(id byte, payload ...byte) []byte {
		return append(appendULEB([]byte{id}, uint64(len(payload))), payload...)
	}
	huge := []byte{0xff, 0xff, 0xff, 0xff, 0x0f}
	for _, tc := range []struct {
		name string
		wasm []byte
		msg  string // "" for a module within bounds
	}{
		{"function and local names", named(sub(0, 1, 'm'), sub(1, 1, 0, 1, 'f'), sub(2, 1, 0, 1, 0, 1, 'x')), ""},
		{"unknown subsection skipped", named(sub(9, 1, 2, 3), sub(1, 1, 0, 1, 'f')), ""},
		{"2^32-1 function names", named(sub(1, append(huge, 0, 1, 'f')...)), "name section"},
		{"2^32-1 local names", named(sub(2, append([]byte{1, 0}, append(huge, 0, 1, 'x')...)...)), "name section"},
		{"2^32-1 functions with locals", named(sub(2, append(huge, 0, 0)...)), "name section"},
		{"subsection longer than its size", named(sub(1, 1, 0, 1), []byte{'f'}), "name section"},
		{"subsection past the end", named([]byte{1, 9, 1, 0}), "name section"},
		{"2^32-1 locals", module(sect(secType, 1, 0x60, 0, 0), sect(secFunction, 1, 0),
			sect(secCode, 1, 8, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x0b)), "locals"},
		{"not a module", []byte("junk"), "magic"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckEngineBounds(tc.wasm)
			if tc.msg != "" {
				require.ErrorIs(t, err, ErrMalformed)
				require.ErrorContains(t, err, tc.msg)
				return
			}
			require.NoError(t, err)
			m, err := Parse(tc.wasm)
			require.NoError(t, err)
			out, _, err := m.Instrument(Options{KeepCustom: []string{"name"}})
			require.NoError(t, err)
			require.NoError(t, CheckEngineBounds(out))
			back, err := Parse(out)
			require.NoError(t, err)
			require.Len(t, back.Customs, 1, "the name section is kept")
			instance(t, out) // the engine compiles and instantiates it
		})
	}
}
