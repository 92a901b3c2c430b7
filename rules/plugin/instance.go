package plugin

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/plugin/meter"
	"github.com/corerec/corerec/rules/plugin/prep"
	"github.com/corerec/corerec/runtime"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
	"github.com/tetratelabs/wazero/sys"
)

// instance is one instantiation of a plugin with its per-call buffers. One call at a time.
type instance struct {
	mod           api.Module
	alloc, rerank api.Function
	fuel, depth   api.MutableGlobal // fuel and stack budgets; nil when the host does not meter
	mem           api.Memory

	cs    callState
	io    stdio
	stack [2]uint64
	buf   prep.Buffers
	out   prep.Output
}

// newInstance instantiates the plugin and runs its initialisation on the init fuel.
func (pl *Plugin) newInstance(ctx context.Context) (*instance, error) {
	inst := &instance{}
	inst.io.cs = &inst.cs
	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions().WithStdout(&inst.io).WithStderr(&inst.io)
	ictx, cancel := pl.callContext(context.WithValue(ctx, callKey{}, &inst.cs))
	defer cancel()
	alloc := &memAllocator{live: &pl.host.memory}
	mod, err := pl.host.rt.InstantiateModule(experimental.WithMemoryAllocator(ictx, alloc), pl.compiled.c, cfg)
	if err != nil {
		alloc.free()
		return nil, wrap(pl.info.Name, ErrInit, "instantiation (start function, init fuel %d): %s", pl.info.InitFuel, engineText(err))
	}
	inst.mod, inst.mem = mod, mod.Memory()
	inst.alloc, inst.rerank = mod.ExportedFunction(abi.ExportAlloc), mod.ExportedFunction(abi.ExportRerank)
	if g, ok := mod.ExportedGlobal(meter.GlobalName).(api.MutableGlobal); ok && pl.host.cfg.Interrupt == InterruptFuel {
		inst.fuel, inst.cs.fuel = g, g
		inst.depth, _ = mod.ExportedGlobal(meter.StackGlobalName).(api.MutableGlobal)
	}
	if init := mod.ExportedFunction(abi.ExportInitialize); init != nil {
		if _, err := init.Call(ictx); err != nil {
			msg := engineText(err)
			if inst.fuel != nil && int64(inst.fuel.Get()) < 0 {
				msg = fmt.Sprintf("ran out of its init fuel (%d)", pl.info.InitFuel)
			}
			inst.close(ctx)
			return nil, wrap(pl.info.Name, ErrInit, "%s: %s", abi.ExportInitialize, msg)
		}
	}
	if inst.fuel != nil {
		pl.initFuel.Store(pl.info.InitFuel - int64(inst.fuel.Get()))
	}
	pl.made.Add(1)
	return inst, nil
}

func (inst *instance) close(ctx context.Context) { _ = inst.mod.Close(ctx) }

// callContext adds the per-call deadline under InterruptContext.
func (pl *Plugin) callContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if pl.host.cfg.Interrupt == InterruptContext {
		return context.WithTimeout(ctx, pl.host.cfg.Timeout)
	}
	return ctx, func() {}
}

// call runs one rerank on inst. It returns the kept candidates (in cands' storage) and the fuel used; any
// error means the instance must be discarded.
func (pl *Plugin) call(ctx context.Context, inst *instance, in *runtime.RerankInput, cands []runtime.Candidate) ([]runtime.Candidate, int64, error) {
	h, err := pl.input.Fill(&inst.buf, in, cands)
	if err != nil {
		return nil, 0, err
	}
	size := abi.InputSize(len(cands), int(h.Dim), len(h.Config))
	budget := pl.info.Fuel
	if inst.fuel != nil {
		inst.fuel.Set(uint64(budget))
		inst.depth.Set(uint64(uint32(pl.info.Stack)))
	}
	cctx, cancel := pl.callContext(context.WithValue(ctx, callKey{}, &inst.cs))
	defer cancel()
	used := func() int64 {
		if inst.fuel == nil {
			return 0
		}
		return budget - int64(inst.fuel.Get())
	}
	inst.stack[0] = uint64(size)
	if err := inst.alloc.CallWithStack(cctx, inst.stack[:]); err != nil {
		return nil, used(), pl.callError(inst, abi.ExportAlloc, err)
	}
	ptr := api.DecodeU32(inst.stack[0])
	view, ok := inst.mem.Read(ptr, uint32(size))
	if ptr == 0 || !ok {
		return nil, used(), wrap(pl.info.Name, ErrFailed, "%s(%d) returned %#x, not %d writable bytes in its memory of %d",
			abi.ExportAlloc, size, ptr, size, inst.mem.Size())
	}
	if err := abi.EncodeInput(view, h, inst.buf.Records, inst.buf.Embeddings); err != nil {
		return nil, used(), &Error{Plugin: pl.info.Name, Err: err}
	}
	inst.stack[0], inst.stack[1] = uint64(ptr), uint64(size)
	if err := inst.rerank.CallWithStack(cctx, inst.stack[:]); err != nil {
		return nil, used(), pl.callError(inst, abi.ExportRerank, err)
	}
	out, err := pl.output(inst, api.DecodeU32(inst.stack[0]), cands)
	return out, used(), err
}

// output reads, checks and applies the output block at ptr (rules/plugin/prep.Output).
func (pl *Plugin) output(inst *instance, ptr uint32, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	return inst.out.Apply(pl.info.Name, inst.mem, int(inst.mem.Size()), ptr, cands)
}

// callError explains a failed guest call.
func (pl *Plugin) callError(inst *instance, fn string, err error) error {
	if inst.fuel != nil && int64(inst.fuel.Get()) < 0 {
		return pl.info.FuelError(fn)
	}
	if inst.depth != nil && int32(inst.depth.Get()) < 0 {
		return pl.info.StackError(fn)
	}
	var exit *sys.ExitError
	if errors.As(err, &exit) {
		switch exit.ExitCode() {
		case sys.ExitCodeDeadlineExceeded:
			return wrap(pl.info.Name, ErrTrap, "%s interrupted: past its %v deadline", fn, pl.host.cfg.Timeout)
		case sys.ExitCodeContextCanceled:
			return wrap(pl.info.Name, ErrTrap, "%s interrupted: request canceled", fn)
		}
		return wrap(pl.info.Name, ErrTrap, "%s exited with code %d", fn, exit.ExitCode())
	}
	return wrap(pl.info.Name, ErrTrap, "%s: %s", fn, engineText(err))
}

// engineText is the engine's error message, bounded.
func engineText(err error) string { return prep.Bounded(strings.TrimSpace(err.Error())) }
