//go:build !js

package pluginhost

import (
	"context"
	"errors"
	"strings"

	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/plugin/meter"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// wazeroEngine is an Engine over wazero for the tests: the host's logic (checks, metering, ABI, limits,
// policies) runs natively against rules/plugin, the engine being the only part the browser replaces.
// Like the browser's, it offers corerec.log (charging LogFuel) and nothing else, and caps nothing itself:
// the memory cap is the metered module's declared maximum.
type wazeroEngine struct {
	rt wazero.Runtime
}

func newWazeroEngine() *wazeroEngine {
	ctx := context.Background()
	rt := wazero.NewRuntime(ctx)
	_, err := rt.NewHostModuleBuilder(abi.HostModule).NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(func(_ context.Context, mod api.Module, _ []uint64) {
			if g, ok := mod.ExportedGlobal(meter.GlobalName).(api.MutableGlobal); ok {
				g.Set(uint64(int64(g.Get()) - LogFuel))
			}
		}), []api.ValueType{api.ValueTypeI32, api.ValueTypeI32}, nil).Export(abi.HostLog).Instantiate(ctx)
	if err != nil {
		panic(err)
	}
	return &wazeroEngine{rt: rt}
}

func (e *wazeroEngine) close() { _ = e.rt.Close(context.Background()) }

func (e *wazeroEngine) Compile(wasm []byte) (Module, error) {
	c, err := e.rt.CompileModule(context.Background(), wasm)
	if err != nil {
		return nil, err
	}
	return &wazeroModule{e: e, c: c}, nil
}

type wazeroModule struct {
	e *wazeroEngine
	c wazero.CompiledModule
}

func (m *wazeroModule) Instantiate() (Instance, string, error) {
	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions()
	mod, err := m.e.rt.InstantiateModule(context.Background(), m.c, cfg)
	if err != nil {
		return nil, strings.TrimSpace(err.Error()), nil
	}
	return &wazeroInstance{mod: mod}, "", nil
}

func (m *wazeroModule) Close() { _ = m.c.Close(context.Background()) }

type wazeroInstance struct{ mod api.Module }

func (w *wazeroInstance) global(name string) api.MutableGlobal {
	g, _ := w.mod.ExportedGlobal(name).(api.MutableGlobal)
	return g
}

func (w *wazeroInstance) Call(fn string, b *Budget, args ...uint32) Result {
	fuel, stack := w.global(meter.GlobalName), w.global(meter.StackGlobalName)
	if b != nil {
		fuel.Set(uint64(b.Fuel))
		stack.Set(uint64(uint32(b.Stack)))
	}
	params := make([]uint64, len(args))
	for i, a := range args {
		params[i] = uint64(a)
	}
	var r Result
	res, err := w.mod.ExportedFunction(fn).Call(context.Background(), params...)
	if err != nil {
		r.Trap = strings.TrimSpace(err.Error())
		if r.Trap == "" {
			r.Trap = errors.New("trap").Error()
		}
	} else if len(res) > 0 {
		r.Value = uint32(res[0])
	}
	r.Fuel, r.Stack = int64(fuel.Get()), int32(stack.Get())
	r.Pages = w.mod.Memory().Size() / 65536
	return r
}

func (w *wazeroInstance) Read(dst []byte, ptr, n uint32) ([]byte, bool) {
	b, ok := w.mod.Memory().Read(ptr, n)
	if !ok {
		return dst, false
	}
	return append(dst[:0], b...), true
}

func (w *wazeroInstance) Write(ptr uint32, b []byte) bool { return w.mod.Memory().Write(ptr, b) }

func (w *wazeroInstance) Close() { _ = w.mod.Close(context.Background()) }

func (w *wazeroInstance) Rerank(c *RerankCall) { StepRerank(w, c) }
