package plugin

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/plugin/prep/preptest"
	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

func TestRerankReverse(t *testing.T) {
	ctx := context.Background()
	for _, interp := range []bool{false, true} {
		t.Run(map[bool]string{false: "compiler", true: "interpreter"}[interp], func(t *testing.T) {
			h := newHost(t, HostConfig{Interpreter: interp})
			var calls []Call
			p := load(t, h, "reverse.wasm", Options{Policy: Fail, OnCall: func(c Call) { calls = append(calls, c) }})
			in := &runtime.RerankInput{K: 3, Catalog: preptest.Catalog(10)}
			out, err := p.Rerank(ctx, in, candidates(5))
			require.NoError(t, err)
			require.Equal(t, []runtime.Candidate{c(4, 1), c(3, 2), c(2, 3), c(1, 4), c(0, 5)}, out)
			require.Len(t, calls, 1)
			require.Equal(t, []string{"reverse"}, calls[0].Logs)
			require.Equal(t, 5, calls[0].Out)
			require.Greater(t, calls[0].Fuel, int64(logFuel+5*10), "the log call costs logFuel")
			require.Less(t, calls[0].Fuel, int64(logFuel+1000))
			require.Equal(t, Stats{Calls: 1, Fuel: calls[0].Fuel, Made: 1}, p.Stats())
		})
	}
}

func TestRerankRescore(t *testing.T) {
	h := newHost(t, HostConfig{})
	p := load(t, h, "reverse.wasm", Options{Policy: Fail, Config: []byte("rescore")})
	out, err := p.Rerank(context.Background(), &runtime.RerankInput{K: 3}, candidates(3))
	require.NoError(t, err)
	require.Equal(t, []runtime.Candidate{c(2, 0), c(1, -1), c(0, -2)}, out)
}

func TestRerankEmpty(t *testing.T) {
	h := newHost(t, HostConfig{})
	p := load(t, h, "reverse.wasm", Options{Policy: Fail})
	out, err := p.Rerank(context.Background(), &runtime.RerankInput{}, nil)
	require.NoError(t, err)
	require.Empty(t, out)
	require.Equal(t, int64(0), p.Stats().Calls)
}

// The same instance serves call after call; input sizes vary; the fuel is reset each time.
func TestRerankRepeated(t *testing.T) {
	h := newHost(t, HostConfig{})
	p := load(t, h, "reverse.wasm", Options{Policy: Fail, Instances: 1})
	for _, n := range []int{1, 1000, 3, 5000, 2} {
		cands := candidates(n)
		out, err := p.Rerank(context.Background(), &runtime.RerankInput{K: 10}, cands)
		require.NoError(t, err)
		require.Len(t, out, n)
		require.Equal(t, int32(n-1), out[0].Index)
		require.Equal(t, int32(0), out[n-1].Index)
	}
	st := p.Stats()
	require.Equal(t, int64(1), st.Made)
	require.Equal(t, int64(0), st.Failures)
}

func TestLogToHost(t *testing.T) {
	var mu sync.Mutex
	var got []string
	h := newHost(t, HostConfig{Log: func(plugin, msg string) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, plugin+": "+msg)
	}})
	p := load(t, h, "reverse.wasm", Options{})
	_, err := p.Rerank(context.Background(), &runtime.RerankInput{}, candidates(2))
	require.NoError(t, err)
	require.Equal(t, []string{"reverse.wasm: reverse"}, got)
}

func TestCanceledContext(t *testing.T) {
	h := newHost(t, HostConfig{})
	p := load(t, h, "reverse.wasm", Options{Instances: 1})
	ctx, cancel := context.WithCancel(context.Background())
	inst, err := p.pool.acquire(ctx) // hold the only instance
	require.NoError(t, err)
	cancel()
	_, err = p.Rerank(ctx, &runtime.RerankInput{}, candidates(2))
	require.ErrorIs(t, err, context.Canceled)
	p.pool.release(ctx, inst, true)
}

func TestClosed(t *testing.T) {
	ctx := context.Background()
	h := newHost(t, HostConfig{})
	p, err := h.Load(ctx, "r", readFixture(t, "reverse.wasm"), Options{})
	require.NoError(t, err)
	require.NoError(t, p.Close(ctx))
	_, err = p.Rerank(ctx, &runtime.RerankInput{}, candidates(2))
	require.ErrorIs(t, err, ErrClosed)
	require.NoError(t, h.Close(ctx))
	_, err = h.Load(ctx, "r", readFixture(t, "reverse.wasm"), Options{})
	require.ErrorIs(t, err, ErrClosed)
}

func TestCheckInfo(t *testing.T) {
	h := newHost(t, HostConfig{})
	wasm, err := abi.WithManifest(readFixture(t, "reverse.wasm"), abi.Manifest{ABI: 1, Name: "rev", Fuel: 1000, MemoryPages: 8})
	require.NoError(t, err)
	info, err := h.Check(context.Background(), "reverse.wasm", wasm, Options{})
	require.NoError(t, err)
	require.Equal(t, "rev", info.Name)
	require.True(t, info.HasManifest)
	require.Equal(t, []string{"corerec.log"}, info.Imports)
	require.Equal(t, int64(1000), info.Fuel)
	require.Equal(t, int64(DefaultInitFuel), info.InitFuel)
	require.Equal(t, uint32(8), info.MemoryPages)
	require.Equal(t, uint32(1), info.InitialPages)
	require.Equal(t, 3, info.Meter.Funcs)
	require.Greater(t, info.MeteredBytes, info.ModuleBytes)
}

// The manifest's fuel is the budget: a call that needs more fails, with words saying so.
func TestManifestFuel(t *testing.T) {
	h := newHost(t, HostConfig{})
	wasm, err := abi.WithManifest(readFixture(t, "reverse.wasm"), abi.Manifest{ABI: 1, Fuel: 12_000})
	require.NoError(t, err)
	p, err := h.Load(context.Background(), "rev", wasm, Options{Policy: Fail})
	require.NoError(t, err)
	_, err = p.Rerank(context.Background(), &runtime.RerankInput{}, candidates(2))
	require.NoError(t, err)
	_, err = p.Rerank(context.Background(), &runtime.RerankInput{}, candidates(100))
	require.ErrorIs(t, err, ErrFuel)
	var pe *Error
	require.True(t, errors.As(err, &pe))
	require.Equal(t, "rev", pe.Plugin)
	require.ErrorContains(t, err, `plugin "rev": out of fuel: corerec_rerank used more than its 12000 fuel`)
}

func TestInterruptContext(t *testing.T) {
	h := newHost(t, HostConfig{Interrupt: InterruptContext, Timeout: time.Second})
	p := load(t, h, "reverse.wasm", Options{Policy: Fail})
	out, err := p.Rerank(context.Background(), &runtime.RerankInput{}, candidates(3))
	require.NoError(t, err)
	require.Equal(t, int32(2), out[0].Index)
	require.Equal(t, int64(0), p.Stats().Fuel)
}

// Plugins loaded from the same bytes share compiled code; it is freed with the last of them.
func TestSharedCompiledCode(t *testing.T) {
	ctx := context.Background()
	h := newHost(t, HostConfig{})
	wasm := readFixture(t, "reverse.wasm")
	a, err := h.Load(ctx, "a", wasm, Options{})
	require.NoError(t, err)
	b, err := h.Load(ctx, "b", wasm, Options{Config: []byte("rescore")})
	require.NoError(t, err)
	require.Len(t, h.compiled, 1)
	require.Same(t, a.compiled, b.compiled)
	require.NoError(t, a.Close(ctx))
	require.NoError(t, a.Close(ctx), "Close twice is fine")
	out, err := b.Rerank(ctx, &runtime.RerankInput{}, candidates(2))
	require.NoError(t, err)
	require.Equal(t, int32(1), out[0].Index)
	require.NoError(t, b.Close(ctx))
	require.Empty(t, h.compiled)
}
