package plugin

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// A plugin whose name section declares 2³²−1 function names (wazero would allocate ~100 GB decoding it: a
// fatal error that takes the process down) is refused with ErrModule before the engine sees it, metered or
// not, and the host goes on loading other plugins.
func TestLoadRefusesUnboundedNameSection(t *testing.T) {
	name := append([]byte{4}, "name"...)
	name = append(name, 1, 8, 0xff, 0xff, 0xff, 0xff, 0x0f, 0, 1, 'f') // function names: count 2³²−1, one entry
	wasm := append(readFixture(t, "reverse.wasm"), append([]byte{0, byte(len(name))}, name...)...)
	ctx := context.Background()
	for _, mode := range []Interrupt{InterruptFuel, InterruptContext} {
		h := newHost(t, HostConfig{Interrupt: mode})
		_, err := h.Load(ctx, "rev", wasm, Options{})
		require.ErrorIs(t, err, ErrModule, "interrupt mode %d", mode)
		require.ErrorContains(t, err, "the name section declares more entries than its bytes hold")
		load(t, h, "reverse.wasm", Options{})
	}
}
