package pluginhost

import (
	"context"
	"sync"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/plugin/prep"
	"github.com/corerec/corerec/runtime"
)

// Plugin is a loaded plugin: its compiled code and one instance. It implements runtime.Reranker with the
// semantics of rules/plugin's: a failed call discards the instance and, by Options.Fail, fails the
// request or leaves the candidates unchanged.
type Plugin struct {
	info  Info
	opt   Options
	init  bool // the module exports _initialize
	input prep.Input
	mod   Module

	mu     sync.Mutex // guards inst, closed and the call buffers (calls arrive one at a time anyway)
	inst   Instance   // nil after a failure, until the next call makes one
	closed bool
	buf    prep.Buffers
	in     []byte
	rc     RerankCall
	out    prep.Output
}

var _ runtime.Reranker = (*Plugin)(nil)

// Load checks and meters a plugin, compiles it on e and instantiates it once (so a plugin whose
// initialisation fails does not load). hashes, shared by a bundle's plugins, hashes its catalog once.
func Load(e Engine, name string, wasm []byte, opt Options, hashes *Hashes) (*Plugin, error) {
	p, err := prepare(name, wasm, opt)
	if err != nil {
		return nil, err
	}
	mod, err := e.Compile(p.Bin)
	if err != nil {
		return nil, prep.Wrap(p.Info.Name, prep.ErrModule, "the engine refused it: %v", err)
	}
	pl := &Plugin{info: p.Info, opt: opt, init: p.Initialize, input: prep.NewInput(p.Info.Manifest), mod: mod}
	pl.input.Config = opt.Config
	if hashes != nil {
		pl.input.Hashes = hashes
	}
	if pl.inst, err = pl.newInstance(); err != nil {
		mod.Close()
		return nil, err
	}
	return pl, nil
}

// Info describes the plugin and the limits it was granted.
func (pl *Plugin) Info() Info { return pl.info }

// Close releases the plugin's instance and compiled code.
func (pl *Plugin) Close() {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if pl.closed {
		return
	}
	pl.closed = true
	if pl.inst != nil {
		pl.inst.Close()
		pl.inst = nil
	}
	pl.mod.Close()
}

// newInstance instantiates the plugin and runs its initialisation on the init fuel.
func (pl *Plugin) newInstance() (Instance, error) {
	inst, trap, err := pl.mod.Instantiate()
	if err != nil || trap != "" {
		if trap == "" {
			trap = err.Error()
		}
		return nil, prep.Wrap(pl.info.Name, prep.ErrInit, "instantiation (start function, init fuel %d): %s", pl.info.InitFuel, prep.Bounded(trap))
	}
	if pl.init {
		if r := inst.Call(abi.ExportInitialize, nil); r.Trap != "" {
			msg := prep.Bounded(r.Trap)
			if r.Fuel < 0 {
				msg = fmtlite.Sprintf("ran out of its init fuel (%d)", pl.info.InitFuel)
			}
			inst.Close()
			return nil, prep.Wrap(pl.info.Name, prep.ErrInit, "%s: %s", abi.ExportInitialize, msg)
		}
	}
	return inst, nil
}

// Rerank runs the plugin on the candidates (runtime.Reranker).
func (pl *Plugin) Rerank(_ context.Context, in *runtime.RerankInput, cands []runtime.Candidate) (out []runtime.Candidate, err error) {
	if len(cands) == 0 {
		return cands, nil
	}
	if len(cands) > abi.MaxCount {
		return nil, fmtlite.Errorf("plugin: %d candidates, at most %d", len(cands), abi.MaxCount)
	}
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if pl.closed {
		return nil, &prep.Error{Plugin: pl.info.Name, Err: prep.ErrClosed}
	}
	if pl.inst == nil { // after a failure; an instantiation error is returned under both policies, as natively
		if pl.inst, err = pl.newInstance(); err != nil {
			return nil, err
		}
	}
	out, pages, err := pl.guarded(in, cands)
	if err != nil || pages >= pl.recycle() { // a failed instance goes, and one grown too large
		pl.inst.Close()
		pl.inst = nil
	}
	if err != nil {
		return pl.failed(cands, err)
	}
	return out, nil
}

// failed applies the policy: the candidates unchanged (skip) or the error (fail).
func (pl *Plugin) failed(cands []runtime.Candidate, err error) ([]runtime.Candidate, error) {
	if pl.opt.Fail {
		return nil, err
	}
	return cands, nil
}

// recycle is the memory size (pages) at which an instance is discarded after its call, as rules/plugin.
func (pl *Plugin) recycle() uint32 { return max(pl.info.MemoryPages*3/4, 1) }

// guarded is call behind the trust boundary: a panic (a JavaScript exception of the engine glue) fails
// the call, not the page.
func (pl *Plugin) guarded(in *runtime.RerankInput, cands []runtime.Candidate) (out []runtime.Candidate, pages uint32, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, prep.Wrap(pl.info.Name, prep.ErrTrap, "engine panic: %v", r)
		}
	}()
	return pl.call(in, cands)
}

// call runs one rerank; the kept candidates are written into cands' storage.
func (pl *Plugin) call(in *runtime.RerankInput, cands []runtime.Candidate) ([]runtime.Candidate, uint32, error) {
	h, err := pl.input.Fill(&pl.buf, in, cands)
	if err != nil {
		return nil, 0, err
	}
	n, size := len(cands), abi.InputSize(len(cands), int(h.Dim), len(h.Config))
	pl.in = append(pl.in[:0], make([]byte, size)...)
	if err := abi.EncodeInput(pl.in, h, pl.buf.Records, pl.buf.Embeddings); err != nil {
		return nil, 0, &prep.Error{Plugin: pl.info.Name, Err: err}
	}
	maxOut := abi.OutputSize(uint32(n), abi.FlagScores)
	pl.rc = RerankCall{Budget: Budget{Fuel: pl.info.Fuel, Stack: pl.info.Stack}, In: pl.in, Out: append(pl.rc.Out[:0], make([]byte, maxOut)...)}
	c := &pl.rc
	pl.inst.Rerank(c)
	a := c.Alloc
	switch {
	case a.Trap != "":
		return nil, a.Pages, pl.callError(abi.ExportAlloc, a)
	case !fits(a.Value, uint32(size), a.Pages) || !c.Ran:
		return nil, a.Pages, prep.Wrap(pl.info.Name, prep.ErrFailed, "%s(%d) returned %#x, not %d writable bytes in its memory of %d",
			abi.ExportAlloc, size, a.Value, size, int(a.Pages)*65536)
	case c.Rerank.Trap != "":
		return nil, c.Rerank.Pages, pl.callError(abi.ExportRerank, c.Rerank)
	}
	out, err := pl.output(c, cands)
	return out, c.Rerank.Pages, err
}

// output checks the output block the call copied and applies it (rules/plugin/prep.Output, as natively).
func (pl *Plugin) output(c *RerankCall, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	return pl.out.Apply(pl.info.Name, (*copiedOutput)(c), int(c.Rerank.Pages)*65536, c.Rerank.Value, cands)
}

// copiedOutput is the memory at the output pointer as the call copied it (prep.Memory).
type copiedOutput RerankCall

// Read returns the first n copied bytes: reads start at the output pointer.
func (c *copiedOutput) Read(_, n uint32) ([]byte, bool) {
	if int(n) > c.Copied {
		return nil, false
	}
	return c.Out[:n], true
}

// callError explains a failed guest call in rules/plugin's words.
func (pl *Plugin) callError(fn string, r Result) error {
	switch {
	case r.Fuel < 0:
		return pl.info.FuelError(fn)
	case r.Stack < 0 || r.StackOverflow:
		return pl.info.StackError(fn)
	}
	return prep.Wrap(pl.info.Name, prep.ErrTrap, "%s: %s", fn, prep.Bounded(r.Trap))
}
