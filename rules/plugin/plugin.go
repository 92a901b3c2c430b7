package plugin

import (
	"context"
	"fmt"
	goruntime "runtime"
	"sync/atomic"
	"time"

	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/plugin/prep"
	"github.com/corerec/corerec/runtime"
)

// Plugin is a loaded plugin: its compiled code and a pool of instances. It implements runtime.Reranker.
type Plugin struct {
	host     *Host
	info     Info
	opt      Options
	input    prep.Input
	compiled *shared
	pool     *pool
	recycle  uint32 // pages at which an instance is discarded after its call

	calls, failures, fuel, made, discarded, initFuel atomic.Int64
	closed                                           atomic.Bool
}

var _ runtime.Reranker = (*Plugin)(nil)

// Load checks, meters and compiles a plugin, and instantiates it once (so a plugin whose initialisation
// fails does not load). name names it in messages unless its manifest has a name.
func (h *Host) Load(ctx context.Context, name string, wasm []byte, opt Options) (*Plugin, error) {
	p, err := h.prepare(name, wasm, opt)
	if err != nil {
		return nil, err
	}
	c, err := h.compile(ctx, p)
	if err != nil {
		return nil, err
	}
	if opt.Instances <= 0 {
		opt.Instances = goruntime.GOMAXPROCS(0)
	}
	pl := &Plugin{host: h, info: p.Info, opt: opt, input: prep.NewInput(p.Info.Manifest), compiled: c,
		pool: newPool(opt.Instances), recycle: opt.RecyclePages}
	pl.input.Config, pl.input.Hashes, pl.input.Attributes = opt.Config, &h.hashes, opt.Attributes
	if pl.recycle == 0 {
		pl.recycle = max(p.Info.MemoryPages*3/4, 1)
	}
	inst, err := pl.newInstance(ctx)
	if err != nil {
		h.release(ctx, c)
		return nil, err
	}
	pl.pool.idle = append(pl.pool.idle, inst)
	return pl, nil
}

// Info describes the plugin and the limits it was granted.
func (pl *Plugin) Info() Info { return pl.info }

// Stats are a plugin's counters since Load.
type Stats struct {
	// Calls and Failures count Rerank calls and the failed ones.
	Calls, Failures int64
	// Fuel is the fuel all calls used.
	Fuel int64
	// Made and Discarded count instances created and thrown away (after a failure, or grown too large).
	Made, Discarded int64
	// InitFuel is the fuel the latest instantiation used (start function and _initialize).
	InitFuel int64
}

// Stats returns the plugin's counters.
func (pl *Plugin) Stats() Stats {
	return Stats{Calls: pl.calls.Load(), Failures: pl.failures.Load(), Fuel: pl.fuel.Load(),
		Made: pl.made.Load(), Discarded: pl.discarded.Load(), InitFuel: pl.initFuel.Load()}
}

// Close releases the plugin's instances and compiled code. Calls must not race with Close.
func (pl *Plugin) Close(ctx context.Context) error {
	if pl.closed.Swap(true) {
		return nil
	}
	pl.pool.close(ctx)
	pl.host.release(ctx, pl.compiled)
	return nil
}

// Rerank runs the plugin on the candidates (runtime.Reranker). A plugin failure — trap, exhausted fuel,
// invalid output, refused allocation — discards the instance, and then, by Options.Policy, either returns
// the candidates unchanged (Skip) or an *Error (Fail). A canceled context is an error under both.
// Rerank is safe for concurrent use; at most Options.Instances calls run at once, others wait.
func (pl *Plugin) Rerank(ctx context.Context, in *runtime.RerankInput, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	if len(cands) == 0 {
		return cands, nil
	}
	if len(cands) > abi.MaxCount {
		return nil, fmt.Errorf("plugin: %d candidates, at most %d", len(cands), abi.MaxCount)
	}
	start := time.Now()
	inst, err := pl.acquire(ctx)
	if err != nil {
		return nil, err
	}
	out, used, err := pl.guarded(ctx, inst, in, cands)
	keep := err == nil && inst.mem.Size()/65536 < pl.recycle
	if !keep {
		pl.discarded.Add(1)
	}
	c := Call{Plugin: pl.info.Name, In: len(cands), Out: len(out), Fuel: used, Budget: pl.info.Fuel,
		Logs: inst.cs.logs, Dropped: inst.cs.dropped, Err: err}
	pl.report(ctx, &c, start)
	pl.pool.release(ctx, inst, keep)
	if err != nil && pl.opt.Policy == Skip {
		return cands, nil
	}
	return out, err
}

func (pl *Plugin) acquire(ctx context.Context) (*instance, error) {
	inst, err := pl.pool.acquire(ctx)
	if err != nil {
		if err == ErrClosed {
			return nil, &Error{Plugin: pl.info.Name, Err: ErrClosed}
		}
		return nil, err
	}
	if inst == nil {
		if inst, err = pl.newInstance(ctx); err != nil {
			pl.pool.release(ctx, nil, false)
			return nil, err
		}
	}
	inst.cs.reset()
	return inst, nil
}

// guarded is call behind the trust boundary: a panic inside the engine fails the call, not the process.
func (pl *Plugin) guarded(ctx context.Context, inst *instance, in *runtime.RerankInput, cands []runtime.Candidate) (out []runtime.Candidate, used int64, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, wrap(pl.info.Name, ErrTrap, "engine panic: %v", r)
		}
	}()
	return pl.call(ctx, inst, in, cands)
}

// report updates the counters and tells OnCall, the context's observer (WithCalls) and the host's Log.
func (pl *Plugin) report(ctx context.Context, c *Call, start time.Time) {
	c.Duration = time.Since(start)
	pl.calls.Add(1)
	pl.fuel.Add(c.Fuel)
	if c.Err != nil {
		pl.failures.Add(1)
		c.Out = c.In
		if pl.opt.Policy == Fail {
			c.Out = 0
		}
	}
	if log := pl.host.cfg.Log; log != nil {
		for _, m := range c.Logs {
			log(pl.info.Name, m)
		}
		if c.Dropped > 0 {
			log(pl.info.Name, fmt.Sprintf("(%d more log messages dropped)", c.Dropped))
		}
		if c.Err != nil && pl.opt.Policy == Skip {
			log(pl.info.Name, fmt.Sprintf("skipped after failure: %v", c.Err))
		}
	}
	obs := callsFrom(ctx)
	if pl.opt.OnCall != nil || obs != nil {
		c.Logs = append([]string(nil), c.Logs...)
	}
	if pl.opt.OnCall != nil {
		pl.opt.OnCall(*c)
	}
	if obs != nil {
		obs(*c)
	}
}
