package plugin

import (
	"context"
	"errors"
	"fmt"
	goruntime "runtime"
	"testing"

	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/plugin/prep/preptest"
	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

const wasiManifest = `{"abi":1,"wasi":true}`

// hostileCase is one adversarial plugin and what the host must make of it.
type hostileCase struct {
	file     string // under testdata/hostile/ (".wasm" added), or a testdata/ file for manifest cases
	manifest string // a raw corerec.manifest section to append, "" for none
	loadErr  error  // the sentinel Load fails with; nil when the plugin loads
	callErr  error  // the sentinel a call fails with under Fail; nil when it succeeds
	check    func(t *testing.T, p *Plugin, c Call)
}

var hostileCases = []hostileCase{
	{file: "loop_forever", callErr: ErrFuel},
	{file: "recursion_exponential", callErr: ErrFuel},
	{file: "recursion_deep", callErr: ErrTrap, check: stackOverflow},
	{file: "recursion_deep_frames", callErr: ErrTrap, check: stackOverflow},
	{file: "memory_grow_to_cap", check: func(t *testing.T, p *Plugin, c Call) {
		require.Equal(t, int64(1), p.Stats().Discarded, "an instance at its memory cap is not pooled")
	}},
	{file: "memory_grow_beyond", callErr: ErrTrap},
	{file: "memory_grow_huge", callErr: ErrFuel},
	{file: "memory_initial_huge", loadErr: ErrLimits},
	{file: "memory_initial_over_cap", loadErr: ErrLimits},
	{file: "memory_fill_forever", callErr: ErrFuel},
	{file: "table_grow_huge", callErr: ErrFuel},
	{file: "trap_unreachable", callErr: ErrTrap},
	{file: "trap_divide_by_zero", callErr: ErrTrap},
	{file: "trap_out_of_bounds", callErr: ErrTrap},
	{file: "trap_null_indirect", callErr: ErrTrap},
	{file: "trap_indirect_signature", callErr: ErrTrap},
	{file: "start_unreachable", loadErr: ErrInit},
	{file: "start_forever", loadErr: ErrInit},
	{file: "initialize_trap", loadErr: ErrInit},
	{file: "initialize_forever", loadErr: ErrInit},
	{file: "data_out_of_bounds", loadErr: ErrInit},
	{file: "output_out_of_range", callErr: ErrOutput},
	{file: "output_duplicate", callErr: ErrOutput},
	{file: "output_negative", callErr: ErrOutput},
	{file: "output_oversized", callErr: ErrOutput},
	{file: "output_huge_count", callErr: ErrOutput},
	{file: "output_nan_score", callErr: ErrOutput},
	{file: "output_unknown_flags", callErr: ErrOutput},
	{file: "output_pointer_outside", callErr: ErrOutput},
	{file: "output_past_end", callErr: ErrOutput},
	{file: "output_null", callErr: ErrFailed},
	{file: "alloc_null", callErr: ErrFailed},
	{file: "alloc_outside", callErr: ErrFailed},
	{file: "alloc_trap", callErr: ErrTrap},
	{file: "abi_missing", loadErr: ErrNotPlugin},
	{file: "abi_v2", loadErr: ErrVersion},
	{file: "abi_bad_signature", loadErr: ErrNotPlugin},
	{file: "abi_no_rerank", loadErr: ErrNotPlugin},
	{file: "abi_no_memory", loadErr: ErrNotPlugin},
	{file: "import_wasi_file", manifest: wasiManifest, loadErr: ErrImport},
	{file: "import_wasi_undeclared", loadErr: ErrImport},
	{file: "import_socket", manifest: wasiManifest, loadErr: ErrImport},
	{file: "import_clock", loadErr: ErrImport},
	{file: "import_env", loadErr: ErrImport},
	{file: "import_memory", loadErr: ErrImport},
	{file: "import_log_signature", loadErr: ErrImport},
	{file: "log_spam", callErr: ErrFuel, check: func(t *testing.T, p *Plugin, c Call) {
		require.Len(t, c.Logs, maxLogMessages)
		require.Len(t, c.Logs[0], maxLogBytes)
		require.Greater(t, c.Dropped, 1000)
	}},
	{file: "log_bad_pointer", check: func(t *testing.T, p *Plugin, c Call) {
		require.Empty(t, c.Logs)
		require.Equal(t, 1, c.Dropped)
	}},
	{file: "proc_exit", manifest: wasiManifest, callErr: ErrTrap, check: func(t *testing.T, p *Plugin, c Call) {
		require.ErrorContains(t, c.Err, "exited with code 3")
	}},
	{file: "reserved_export", loadErr: ErrModule},
	{file: "fuel_refill", loadErr: ErrModule},
	{file: "threads", loadErr: ErrModule},
	{file: "tail_call", loadErr: ErrModule},
	{file: "../reverse", manifest: `{"abi":1,"fuel":1000000000000}`, loadErr: ErrLimits},
	{file: "../reverse", manifest: `{"abi":1,"memory_pages":100000}`, loadErr: ErrLimits},
	{file: "../reverse", manifest: `{"abi":1,"net":true}`, loadErr: ErrModule},
	{file: "../reverse", manifest: `{"abi":2}`, loadErr: ErrModule},
	{file: "../reverse", manifest: `{"abi":1`, loadErr: ErrModule},
}

func stackOverflow(t *testing.T, _ *Plugin, c Call) {
	require.ErrorContains(t, c.Err, "stack overflow")
}

func hostileWasm(t testing.TB, tc hostileCase) []byte {
	wasm := readFixture(t, "hostile/"+tc.file+".wasm")
	if tc.manifest != "" {
		wasm = withCustom(wasm, abi.ManifestSection, []byte(tc.manifest))
	}
	return wasm
}

// withCustom appends a custom section (any payload, unlike abi.WithManifest).
func withCustom(wasm []byte, name string, payload []byte) []byte {
	body := append(uleb(nil, uint64(len(name))), name...)
	body = append(body, payload...)
	out := append(append([]byte(nil), wasm...), 0)
	return append(uleb(out, uint64(len(body))), body...)
}

func uleb(dst []byte, v uint64) []byte {
	for ; v >= 0x80; v >>= 7 {
		dst = append(dst, byte(v)|0x80)
	}
	return append(dst, byte(v))
}

// TestHostile loads every adversarial plugin into one host and calls each under both policies. The host
// stays up; every failure is the expected one, clean, and within budget; memory and goroutines return to
// their baseline.
func TestHostile(t *testing.T) {
	require.GreaterOrEqual(t, len(hostileCases), 30)
	ctx := context.Background()
	h := newHost(t, HostConfig{})
	in := &runtime.RerankInput{K: 5, Catalog: preptest.Catalog(10)}
	base := baseline(h)
	for _, tc := range hostileCases {
		name := tc.file
		if tc.manifest != "" {
			name += " " + tc.manifest
		}
		t.Run(name, func(t *testing.T) {
			var calls []Call
			wasm := hostileWasm(t, tc)
			p, err := h.Load(ctx, tc.file, wasm, Options{Policy: Fail, OnCall: func(c Call) { calls = append(calls, c) }})
			if tc.loadErr != nil {
				require.ErrorIs(t, err, tc.loadErr)
				var pe *Error
				require.True(t, errors.As(err, &pe), "%T", err)
				_, cerr := h.Check(ctx, tc.file, wasm, Options{})
				if tc.loadErr == ErrInit {
					require.NoError(t, cerr, "Check runs no plugin code, so it cannot see initialisation fail")
				} else {
					require.ErrorIs(t, cerr, tc.loadErr, "Check agrees with Load")
				}
				return
			}
			require.NoError(t, err)
			defer p.Close(ctx)
			cands := candidates(10)
			out, err := p.Rerank(ctx, in, cands)
			require.Len(t, calls, 1)
			c := calls[0]
			if tc.callErr == nil {
				require.NoError(t, err)
				require.Len(t, out, 0, "the hostile plugins that succeed answer with nothing")
			} else {
				require.ErrorIs(t, err, tc.callErr)
				require.Nil(t, out)
				require.Equal(t, candidates(10), cands, "a failed call leaves the candidates alone")
				require.Equal(t, int64(1), p.Stats().Discarded, "a failed instance is discarded")
			}
			if errors.Is(tc.callErr, ErrFuel) {
				require.Greater(t, c.Fuel, c.Budget)
			} else {
				require.LessOrEqual(t, c.Fuel, c.Budget)
			}
			if tc.check != nil {
				tc.check(t, p, c)
			}
			skipped(t, h, tc.file, wasm, in)
		})
		base.check(t, name)
	}
	good := load(t, h, "reverse.wasm", Options{Policy: Fail})
	out, err := good.Rerank(ctx, in, candidates(3))
	require.NoError(t, err, "the host is still up")
	require.Equal(t, int32(2), out[0].Index)
}

// skipped: under Policy Skip the same plugin leaves the request as it was, without an error.
func skipped(t *testing.T, h *Host, name string, wasm []byte, in *runtime.RerankInput) {
	ctx := context.Background()
	p, err := h.Load(ctx, name, wasm, Options{Policy: Skip})
	require.NoError(t, err)
	defer p.Close(ctx)
	out, err := p.Rerank(ctx, in, candidates(10))
	require.NoError(t, err)
	if p.Stats().Failures > 0 {
		require.Equal(t, candidates(10), out)
	}
}

// resources is a snapshot of the heap, the host's plugin memory and goroutines after a GC.
type resources struct {
	heap       uint64
	memory     int64
	goroutines int
	host       *Host
}

// Slack for heap comparisons: compilation caches and pools settle; a leaked instance at its memory cap
// would be 16 MiB.
const heapSlack = 6 << 20

func baseline(h *Host) resources {
	goruntime.GC()
	var ms goruntime.MemStats
	goruntime.ReadMemStats(&ms)
	return resources{heap: ms.HeapAlloc, memory: h.Memory(), goroutines: goruntime.NumGoroutine(), host: h}
}

func (r resources) check(t *testing.T, what string) {
	t.Helper()
	now := baseline(r.host)
	for i := 0; i < 100 && now.goroutines > r.goroutines; i++ {
		goruntime.Gosched()
		now = baseline(r.host)
	}
	require.Equal(t, r.memory, now.memory, "%s: plugin memory not released", what)
	require.LessOrEqual(t, now.goroutines, r.goroutines, "%s: goroutines leaked", what)
	require.Less(t, now.heap, r.heap+heapSlack, "%s: heap %d MiB above the baseline", what, (now.heap-r.heap)>>20)
}

// A module over the size limit is refused before it is parsed.
func TestHostileSize(t *testing.T) {
	h := newHost(t, HostConfig{MaxModuleBytes: 1 << 20})
	_, err := h.Load(context.Background(), "big", make([]byte, 1<<20+1), Options{})
	require.ErrorIs(t, err, ErrLimits)
	require.ErrorContains(t, err, fmt.Sprint(1<<20))
}

// bigModule builds a valid plugin with funcs functions of about bodyInstrs instructions each, all called
// from corerec_rerank in a chain: a very large module that is still a fine plugin.
func bigModule(funcs, bodyInstrs int) []byte {
	sect := func(id byte, payload []byte) []byte {
		return append(uleb([]byte{id}, uint64(len(payload))), payload...)
	}
	vec := func(n int, items []byte) []byte { return append(uleb(nil, uint64(n)), items...) }
	name := func(s string) []byte { return append(uleb(nil, uint64(len(s))), s...) }
	types := vec(3, []byte{0x60, 0, 0, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 2, 0x7f, 0x7f, 1, 0x7f})
	var fn []byte
	fn = append(fn, 0, 1, 2) // marker: ()->(), alloc: (i32)->i32, rerank: (i32,i32)->i32
	for range funcs {
		fn = append(fn, 0)
	}
	var exports []byte
	exports = append(append(exports, name("memory")...), 2, 0)
	exports = append(append(exports, name("corerec_abi_v1")...), 0, 0)
	exports = append(append(exports, name("corerec_alloc")...), 0, 1)
	exports = append(append(exports, name("corerec_rerank")...), 0, 2)
	body := func(code []byte) []byte {
		b := append([]byte{0}, code...)
		return append(uleb(nil, uint64(len(b))), b...)
	}
	var code []byte
	code = append(code, body([]byte{0x0b})...)                   // marker
	code = append(code, body([]byte{0x41, 0x80, 0x08, 0x0b})...) // alloc: 1024
	empty := []byte{0x41, 0x80, 0x20, 0x41, 0, 0x36, 2, 0, 0x41, 0x80, 0x20, 0x41, 0, 0x36, 2, 4, 0x41, 0x80, 0x20}
	code = append(code, body(append(append([]byte{0x10}, uleb(nil, 3)...), append(empty, 0x0b)...))...) // rerank: call f3; empty answer
	for i := range funcs {
		var c []byte
		for range bodyInstrs / 3 {
			c = append(c, 0x41, 1, 0x1a) // i32.const 1; drop
		}
		if i+1 < funcs {
			c = append(append(c, 0x10), uleb(nil, uint64(4+i))...) // call the next
		}
		code = append(code, body(append(c, 0x0b))...)
	}
	out := []byte{0, 'a', 's', 'm', 1, 0, 0, 0}
	out = append(out, sect(1, types)...)
	out = append(out, sect(3, vec(len(fn), fn))...)
	out = append(out, sect(5, []byte{1, 0, 1})...)
	out = append(out, sect(7, vec(4, exports))...)
	out = append(out, sect(10, vec(3+funcs, code))...)
	return out
}

// A very large module (many functions; one huge function) loads, meters and runs like any other.
func TestHostileLargeModule(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles megabytes of code")
	}
	ctx := context.Background()
	h := newHost(t, HostConfig{})
	for _, tc := range []struct {
		name         string
		funcs, instr int
	}{{"many functions", 3000, 400}, {"one huge function", 1, 1_200_000}} {
		t.Run(tc.name, func(t *testing.T) {
			wasm := bigModule(tc.funcs, tc.instr)
			require.Greater(t, len(wasm), 1_000_000)
			var calls []Call
			p, err := h.Load(ctx, tc.name, wasm, Options{Policy: Fail, OnCall: func(c Call) { calls = append(calls, c) }})
			require.NoError(t, err)
			defer p.Close(ctx)
			out, err := p.Rerank(ctx, &runtime.RerankInput{}, candidates(3))
			require.NoError(t, err)
			require.Empty(t, out)
			require.Greater(t, calls[0].Fuel, int64(tc.funcs*tc.instr*2/3), "every instruction was paid for")
		})
	}
}
