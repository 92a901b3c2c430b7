package plugin

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/plugin/meter"
	"github.com/corerec/corerec/rules/plugin/prep"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// Host runs plugins in one wazero runtime: it checks, meters and compiles them, and offers them the host
// functions of the ABI.
type Host struct {
	cfg    HostConfig
	rt     wazero.Runtime
	closed atomic.Bool

	wasiOnce sync.Once // instantiates WASI on the first plugin that declares it
	wasiErr  error

	ownCache wazero.CompilationCache // closed with the host; nil when HostConfig.Cache was given

	mu       sync.Mutex // guards compiled
	compiled map[[sha256.Size]byte]*shared

	hashes prep.Hashes  // of the catalogs the host's plugins have seen
	memory atomic.Int64 // bytes of linear memory reserved by live instances
}

// NewHost starts a host. Close it to release every plugin and its compiled code.
func NewHost(ctx context.Context, cfg HostConfig) (*Host, error) {
	cfg = cfg.withDefaults()
	rc := wazero.NewRuntimeConfig()
	if cfg.Interpreter {
		rc = wazero.NewRuntimeConfigInterpreter()
	}
	rc = rc.WithMemoryLimitPages(cfg.MemoryPages).WithCloseOnContextDone(cfg.Interrupt == InterruptContext)
	h := &Host{cfg: cfg, compiled: map[[sha256.Size]byte]*shared{}}
	if cfg.Cache == nil { // a cache of its own: a plugin loaded again (new options, a reload) compiles once
		h.ownCache = wazero.NewCompilationCache()
		cfg.Cache = h.ownCache
	}
	h.rt = wazero.NewRuntimeWithConfig(ctx, rc.WithCompilationCache(cfg.Cache))
	_, err := h.rt.NewHostModuleBuilder(abi.HostModule).NewFunctionBuilder().
		WithGoModuleFunction(api.GoModuleFunc(hostLog), []api.ValueType{api.ValueTypeI32, api.ValueTypeI32}, nil).
		WithParameterNames("ptr", "len").Export(abi.HostLog).Instantiate(ctx)
	if err != nil {
		_ = h.Close(ctx)
		return nil, fmt.Errorf("plugin: host functions: %w", err)
	}
	return h, nil
}

// Memory is the number of bytes of linear memory the host's plugin instances hold (reserved: on Linux and
// macOS mapped, with pages committed only as plugins touch them).
func (h *Host) Memory() int64 { return h.memory.Load() }

// Config returns the host's configuration with its defaults filled in.
func (h *Host) Config() HostConfig { return h.cfg }

// Close releases every plugin of the host. Calls must not race with Close.
func (h *Host) Close(ctx context.Context) error {
	if h.closed.Swap(true) {
		return nil
	}
	err := h.rt.Close(ctx)
	if h.ownCache != nil {
		_ = h.ownCache.Close(ctx)
	}
	return err
}

// Check runs every check of Load — module, marker, exports, imports, manifest, limits, metering and
// compilation — without instantiating the plugin or running any of its code.
func (h *Host) Check(ctx context.Context, name string, wasm []byte, opt Options) (Info, error) {
	p, err := h.prepare(name, wasm, opt)
	if err != nil {
		return Info{}, err
	}
	c, err := h.compile(ctx, p)
	if err != nil {
		return p.Info, err
	}
	h.release(ctx, c)
	return p.Info, nil
}

// shared is compiled code used by every plugin loaded from the same (metered) bytes.
type shared struct {
	c    wazero.CompiledModule
	key  [sha256.Size]byte
	refs int
}

// compile returns the compiled code of p, compiling it unless a loaded plugin already has. Release it with
// release.
func (h *Host) compile(ctx context.Context, p *prep.Module) (*shared, error) {
	if h.closed.Load() {
		return nil, &Error{Plugin: p.Info.Name, Err: ErrClosed}
	}
	key := sha256.Sum256(p.Bin)
	h.mu.Lock()
	defer h.mu.Unlock()
	if s, ok := h.compiled[key]; ok {
		s.refs++
		return s, nil
	}
	if p.Info.Manifest.WASI {
		h.wasiOnce.Do(func() { _, h.wasiErr = wasi_snapshot_preview1.Instantiate(ctx, h.rt) })
		if h.wasiErr != nil {
			return nil, fmt.Errorf("plugin: WASI: %w", h.wasiErr)
		}
	}
	if err := meter.CheckEngineBounds(p.Bin); err != nil { // counts the engine would allocate by, unchecked
		return nil, wrap(p.Info.Name, ErrModule, "not given to the engine: %v", err)
	}
	c, err := compileGuarded(ctx, h.rt, p.Bin)
	if err != nil {
		return nil, wrap(p.Info.Name, ErrModule, "the engine refused it: %v", err)
	}
	s := &shared{c: c, key: key, refs: 1}
	h.compiled[key] = s
	return s, nil
}

// release drops a reference to compiled code, closing it with the last.
func (h *Host) release(ctx context.Context, s *shared) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s.refs--; s.refs == 0 {
		delete(h.compiled, s.key)
		_ = s.c.Close(ctx)
	}
}

// compileGuarded compiles behind the trust boundary: an engine panic on a hostile module is an error.
func compileGuarded(ctx context.Context, rt wazero.Runtime, bin []byte) (c wazero.CompiledModule, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("engine panic: %v", r)
		}
	}()
	return rt.CompileModule(ctx, bin)
}

// hostLog is corerec.log(ptr, len): it passes a bounded message to the call's log.
func hostLog(ctx context.Context, mod api.Module, stack []uint64) {
	cs, _ := ctx.Value(callKey{}).(*callState)
	if cs == nil {
		return
	}
	if cs.fuel != nil { // the call's cost, so that spamming the log runs out of fuel
		cs.fuel.Set(uint64(int64(cs.fuel.Get()) - logFuel))
	}
	if len(cs.logs) >= maxLogMessages {
		cs.dropped++
		return
	}
	ptr, n := api.DecodeU32(stack[0]), api.DecodeU32(stack[1])
	msg, ok := mod.Memory().Read(ptr, min(n, maxLogBytes))
	if !ok {
		cs.dropped++
		return
	}
	cs.log(string(msg))
}

// callKey carries the *callState of a call in its context, for host functions.
type callKey struct{}

// callState collects what one call logs.
type callState struct {
	logs    []string
	dropped int
	fuel    api.MutableGlobal // the instance's fuel global, nil when unmetered
}

func (cs *callState) log(msg string) {
	if len(cs.logs) >= maxLogMessages {
		cs.dropped++
		return
	}
	if len(msg) > maxLogBytes {
		msg = msg[:maxLogBytes]
	}
	cs.logs = append(cs.logs, msg)
}

func (cs *callState) reset() {
	cs.logs, cs.dropped = cs.logs[:0], 0
}

// stdio is a plugin instance's WASI stdout and stderr: each write is one bounded log message of the call
// in progress.
type stdio struct{ cs *callState }

func (w *stdio) Write(b []byte) (int, error) {
	if w.cs != nil {
		w.cs.log(string(b[:min(len(b), maxLogBytes)]))
	}
	return len(b), nil
}
