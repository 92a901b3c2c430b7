package meter

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func instrument(t testing.TB, wasm []byte, initFuel int64) []byte {
	t.Helper()
	m, err := Parse(wasm)
	require.NoError(t, err)
	out, _, err := m.Instrument(Options{InitFuel: initFuel, KeepCustom: []string{"name"}})
	require.NoError(t, err)
	return out
}

// instance instantiates wasm in a fresh runtime with the env.ext import features.wat needs.
func instance(t testing.TB, wasm []byte) api.Module {
	t.Helper()
	ctx := context.Background()
	r := wazero.NewRuntime(ctx)
	t.Cleanup(func() { _ = r.Close(ctx) })
	_, err := r.NewHostModuleBuilder("env").NewFunctionBuilder().
		WithFunc(func(x int32) int32 { return x * 2 }).Export("ext").Instantiate(ctx)
	require.NoError(t, err)
	mod, err := r.InstantiateWithConfig(ctx, wasm, wazero.NewModuleConfig().WithName(""))
	require.NoError(t, err)
	return mod
}

func setFuel(mod api.Module, f int64) {
	mod.ExportedGlobal(GlobalName).(api.MutableGlobal).Set(uint64(f))
}
func fuelLeft(mod api.Module) int64 { return int64(mod.ExportedGlobal(GlobalName).Get()) }

// Metering changes no result: every export of the feature fixture returns the same with and without it.
func TestSameResults(t *testing.T) {
	ctx := context.Background()
	orig := fixture(t, "features.wasm")
	plain, metered := instance(t, orig), instance(t, instrument(t, orig, 1000))
	require.Equal(t, uint64(1000-3-leafInstrs), metered.ExportedGlobal(GlobalName).Get(), "the start function ran on the initial fuel")
	for _, tc := range []struct {
		name string
		args []uint64
	}{{"control", []uint64{0}}, {"control", []uint64{1}}, {"control", []uint64{2}}, {"control", []uint64{9}},
		{"numeric", []uint64{0x80}}, {"mem", nil}, {"pair", []uint64{0}}, {"pair", []uint64{7}}, {"tables", []uint64{0}}, {"simd", nil}, {"callext", []uint64{21}}} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := plain.ExportedFunction(tc.name).Call(ctx, tc.args...)
			require.NoError(t, err)
			setFuel(metered, 1_000_000)
			got, err := metered.ExportedFunction(tc.name).Call(ctx, tc.args...)
			require.NoError(t, err)
			require.Equal(t, want, got)
			require.Less(t, fuelLeft(metered), int64(1_000_000))
		})
	}
}

// Fuel used is exactly the documented charge: body and loop-body instruction counts, plus the operand of
// bulk operations.
func TestFuelAccounting(t *testing.T) {
	ctx := context.Background()
	mod := instance(t, instrument(t, fixture(t, "count.wasm"), 0))
	const budget = 1 << 40
	const entry, leaf, loop = entryInstrs, leafInstrs, chargeInstrs // the metering's own instructions
	for _, tc := range []struct {
		fn   string
		arg  []uint64
		want int64
	}{
		{"const", nil, 2 + leaf},
		{"count", []uint64{1}, 7 + leaf + 7 + loop},
		{"count", []uint64{1000}, 7 + leaf + (7+loop)*1000},
		{"fib", []uint64{10}, (15 + 2*callInstrs + entry) * (2*89 - 1)}, // fib(10) makes 2·fib(11)−1 calls, each the longer arm
		{"fill", []uint64{0}, 5 + leaf + operandInstrs},
		{"fill", []uint64{65536}, 5 + leaf + operandInstrs + 65536/16 + 65536/2},
		{"fill", []uint64{65535}, 5 + leaf + operandInstrs + 65535/16},
		{"grow", []uint64{2}, 3 + leaf + operandInstrs + 2<<15},
	} {
		setFuel(mod, budget)
		_, err := mod.ExportedFunction(tc.fn).Call(ctx, tc.arg...)
		require.NoError(t, err, tc.fn)
		require.Equal(t, tc.want, budget-fuelLeft(mod), "%s%v", tc.fn, tc.arg)
	}
}

// Running out traps with the counter below zero, at most one charge past the budget.
func TestOutOfFuel(t *testing.T) {
	ctx := context.Background()
	mod := instance(t, instrument(t, fixture(t, "count.wasm"), 0))
	for _, tc := range []struct {
		fn  string
		arg []uint64
	}{{"spin", nil}, {"count", []uint64{1 << 30}}, {"fib", []uint64{40}}, {"fill", []uint64{1 << 20}}} {
		setFuel(mod, 10_000)
		_, err := mod.ExportedFunction(tc.fn).Call(ctx, tc.arg...)
		require.ErrorContains(t, err, "unreachable", tc.fn)
		require.Less(t, fuelLeft(mod), int64(0))
		require.GreaterOrEqual(t, fuelLeft(mod), int64(-(1 << 20)), tc.fn) // at most one charge past
	}
	const count10 = 7 + leafInstrs + (7+chargeInstrs)*10
	setFuel(mod, count10-1) // one short of count(10)
	_, err := mod.ExportedFunction("count").Call(ctx, 10)
	require.Error(t, err)
	setFuel(mod, count10)
	_, err = mod.ExportedFunction("count").Call(ctx, 10)
	require.NoError(t, err)
	require.Equal(t, int64(0), fuelLeft(mod))
}

// The start function runs on the initial fuel: an infinite start traps at instantiation.
func TestInitFuel(t *testing.T) {
	wasm := module(
		sect(secType, 1, 0x60, 0, 0),
		sect(secFunction, 1, 0),
		sect(secStart, 0),
		sect(secCode, append([]byte{1}, body(0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b)...)...),
	)
	ctx := context.Background()
	r := wazero.NewRuntime(ctx)
	defer r.Close(ctx)
	_, err := r.Instantiate(ctx, instrument(t, wasm, 1000))
	require.ErrorContains(t, err, "unreachable")
}

func TestStats(t *testing.T) {
	m, err := Parse(fixture(t, "count.wasm"))
	require.NoError(t, err)
	_, st, err := m.Instrument(Options{})
	require.NoError(t, err)
	require.Equal(t, Stats{Funcs: 7, Points: 9, Bulk: 2, MaxCost: 15 + 2*callInstrs + entryInstrs}, st)
}

// Custom sections are dropped unless kept; a module without globals or exports gets both sections.
func TestAssemble(t *testing.T) {
	wasm := module(
		sect(secCustom, append([]byte{4}, "junk"...)...),
		sect(secType, 1, 0x60, 0, 0),
		sect(secFunction, 1, 0),
		sect(secCustom, append([]byte{4}, "keep"...)...),
		sect(secCode, append([]byte{1}, body(0x0b)...)...),
	)
	m, err := Parse(wasm)
	require.NoError(t, err)
	out, _, err := m.Instrument(Options{KeepCustom: []string{"keep"}})
	require.NoError(t, err)
	back, err := Parse(out)
	require.NoError(t, err)
	require.Equal(t, []Custom{{Name: "keep", Data: []byte{}}}, back.Customs)
	require.Equal(t, []Export{{Name: GlobalName, Kind: KindGlobal, Index: 0},
		{Name: StackGlobalName, Kind: KindGlobal, Index: 1}}, back.Exports)
	mod := instance(t, out)
	require.Equal(t, uint64(0), mod.ExportedGlobal(GlobalName).Get())
}

func TestSignatures(t *testing.T) {
	m, err := Parse(fixture(t, "features.wasm"))
	require.NoError(t, err)
	e, ok := m.Export("control")
	require.True(t, ok)
	sig, ok := m.FuncSig(e.Index)
	require.True(t, ok)
	require.True(t, sig.Is([]byte{I32}, []byte{I32}))
	sig, ok = m.FuncSig(0) // the import
	require.True(t, ok)
	require.True(t, sig.Is([]byte{I32}, []byte{I32}))
	_, ok = m.FuncSig(1000)
	require.False(t, ok)
	require.Equal(t, []Limits{{Min: 1, Max: 4, HasMax: true}}, m.Memories)
	require.Equal(t, []Import{{Module: "env", Name: "ext", Kind: KindFunc, Type: 1}}, m.Imports)
}

// MemoryPages caps the memory's maximum: growth past it fails as the specification says (−1).
func TestMemoryCap(t *testing.T) {
	ctx := context.Background()
	m, err := Parse(fixture(t, "count.wasm")) // memory 1, no maximum
	require.NoError(t, err)
	out, _, err := m.Instrument(Options{MemoryPages: 3})
	require.NoError(t, err)
	back, err := Parse(out)
	require.NoError(t, err)
	require.Equal(t, []Limits{{Min: 1, Max: 3, HasMax: true}}, back.Memories)
	mod := instance(t, out)
	setFuel(mod, 1<<40)
	res, err := mod.ExportedFunction("grow").Call(ctx, 2)
	require.NoError(t, err)
	require.Equal(t, uint64(1), res[0])
	res, err = mod.ExportedFunction("grow").Call(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, uint32(0xffffffff), uint32(res[0]))

	m, err = Parse(fixture(t, "features.wasm")) // memory 1..4: a smaller own maximum stays
	require.NoError(t, err)
	out, _, err = m.Instrument(Options{MemoryPages: 100})
	require.NoError(t, err)
	back, err = Parse(out)
	require.NoError(t, err)
	require.Equal(t, []Limits{{Min: 1, Max: 4, HasMax: true}}, back.Memories)
	_, _, err = m.Instrument(Options{MemoryPages: 0})
	require.NoError(t, err)

	big, err := Parse(module(sect(secMemory, 1, 0, 0x80, 0x02))) // 256 pages
	require.NoError(t, err)
	_, _, err = big.Instrument(Options{MemoryPages: 255})
	require.ErrorIs(t, err, ErrLimits)
}

// Every call frame takes 8 + parameters + locals slots of the stack budget while it runs, and gives them
// back on every way out: return, a branch to the function's label, the end.
func TestStackBudget(t *testing.T) {
	ctx := context.Background()
	mod := instance(t, instrument(t, fixture(t, "count.wasm"), 0))
	stack := mod.ExportedGlobal(StackGlobalName).(api.MutableGlobal)
	require.Equal(t, uint64(DefaultStack), stack.Get())
	for _, n := range []uint64{0, 1, 2, 100} {
		setFuel(mod, 1<<40)
		stack.Set(9 * 100)
		res, err := mod.ExportedFunction("deep").Call(ctx, n)
		require.NoError(t, err)
		require.Equal(t, n, res[0])
		require.Equal(t, uint64(9*100), stack.Get(), "deep(%d) gave its frames back", n)
	}
	stack.Set(9 * 100)
	_, err := mod.ExportedFunction("deep").Call(ctx, 101)
	require.ErrorContains(t, err, "unreachable")
	require.Less(t, int32(stack.Get()), int32(0))
}

// regionCosts charges the longest path: the longer arm of an if, the longest way through a br_table.
func TestRegionCosts(t *testing.T) {
	for _, tc := range []struct {
		name string
		code []byte
		want []int64
	}{
		{"straight", []byte{0x01, 0x01, 0x0b}, []int64{3}},
		{"if else", []byte{0x41, 0x00, 0x04, 0x40, 0x01, 0x01, 0x01, 0x05, 0x01, 0x0b, 0x0b}, []int64{8}},
		{"if alone", []byte{0x41, 0x00, 0x04, 0x40, 0x01, 0x01, 0x0b, 0x0b}, []int64{6}},
		// br_table targets are metering points: the dispatch, then each case (entry 4; inner end + 3 nops;
		// outer end and the function's end)
		{"br_table", []byte{0x02, 0x40, 0x02, 0x40, 0x41, 0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b, 0x01, 0x01, 0x01, 0x0b, 0x0b}, []int64{4, 4, 2}},
		// a branch out of a loop carries the enclosing region's path: one region after the loop
		{"loop exit", []byte{0x02, 0x40, 0x41, 0x00, 0x0d, 0x00, 0x03, 0x40, 0x0c, 0x01, 0x0b, 0x0b, 0x01, 0x0b}, []int64{7, 1}},
		// a block end where paths of two regions meet (one through a br_table target) is a metering point
		{"mixed join", []byte{0x02, 0x40, 0x41, 0x00, 0x0d, 0x00, 0x02, 0x40, 0x41, 0x00, 0x0e, 0x00, 0x00, 0x0b, 0x01, 0x0b, 0x0b}, []int64{6, 2, 2}},
		{"early exit", []byte{0x02, 0x40, 0x0c, 0x00, 0x01, 0x01, 0x01, 0x0b, 0x0b}, []int64{4}},
		{"nested loops", []byte{0x03, 0x40, 0x01, 0x03, 0x40, 0x01, 0x01, 0x0b, 0x01, 0x0b, 0x0b}, []int64{3, 4, 2}},
		{"dead loop", []byte{0x00, 0x03, 0x40, 0x0b, 0x0b}, []int64{1, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := regionCosts(append([]byte{0}, tc.code...), 1, 0)
			require.NoError(t, err)
			require.Equal(t, tc.want, got.costs)
		})
	}
}
