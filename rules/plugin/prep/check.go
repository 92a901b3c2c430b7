package prep

import (
	"errors"
	"strings"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/plugin/meter"
)

// Limits are a host's own: what it accepts of any plugin.
type Limits struct {
	// MaxModuleBytes bounds a module's size in bytes; a larger module is refused (ErrLimits).
	MaxModuleBytes int
	// MemoryPages is the most 64 KiB pages any plugin may have; a manifest asking for more is refused.
	MemoryPages uint32
	// NoWASI says the host offers plugins no WASI (the browser's): any WASI import is refused (ErrImport).
	NoWASI bool
	// Unmetered leaves the module as it is instead of instrumenting it with rules/plugin/meter: for a host
	// that stops runaway code otherwise, or runs trusted code. Never for plugins from elsewhere.
	Unmetered bool
}

// Options are what one plugin is granted. Zero values take the defaults of package rules (PluginFuel,
// PluginInitFuel, PluginMemoryPages) and meter.DefaultStack; the manifest may lower the fuel and choose
// memory up to Limits.MemoryPages.
type Options struct {
	// Fuel is the per-call budget; a manifest asking for more is refused.
	Fuel int64
	// InitFuel is the budget of instantiation; a manifest asking for more is refused.
	InitFuel int64
	// Stack is the call-stack budget in slots.
	Stack int32
	// MemoryPages caps the plugin's memory unless its manifest asks for a cap (never above
	// Limits.MemoryPages).
	MemoryPages uint32
}

// Module is a checked plugin, ready to compile.
type Module struct {
	// Info is what the checks learnt and the limits granted.
	Info Info
	// Bin is what the engine compiles: the metered module (the module itself under Limits.Unmetered).
	Bin []byte
	// Initialize says the module exports _initialize, which instantiation must call.
	Initialize bool
}

// Prepare runs every check a plugin passes before any engine sees it — size, WebAssembly features,
// manifest, ABI marker, exports, the import allow-list, limits — and meters it. A failure is an *Error
// wrapping ErrLimits, ErrModule, ErrNotPlugin, ErrVersion or ErrImport. name names the plugin unless
// its manifest has a name.
func Prepare(name string, wasm []byte, lim Limits, opt Options) (*Module, error) {
	p := &Module{Info: Info{Name: name, ModuleBytes: len(wasm), Manifest: abi.Manifest{ABI: abi.Version}}}
	if len(wasm) > lim.MaxModuleBytes {
		return nil, Wrap(name, ErrLimits, "module of %d bytes, the host accepts at most %d", len(wasm), lim.MaxModuleBytes)
	}
	m, err := meter.Parse(wasm)
	if err != nil {
		if errors.Is(err, meter.ErrUnsupported) {
			return nil, Wrap(name, ErrModule, "%v", err)
		}
		return nil, Wrap(name, ErrNotPlugin, "not a WebAssembly module: %v", err)
	}
	if err := p.Info.readManifest(m); err != nil {
		return nil, &Error{Plugin: name, Err: err}
	}
	name = p.Info.Name
	for _, check := range []func(*meter.Module) error{checkMarker, checkExports, p.checkImports(lim)} {
		if err := check(m); err != nil {
			return nil, &Error{Plugin: name, Err: err}
		}
	}
	if err := p.Info.grant(lim, opt, m); err != nil {
		return nil, &Error{Plugin: name, Err: err}
	}
	p.Bin = wasm
	if !lim.Unmetered {
		p.Bin, p.Info.Meter, err = m.Instrument(meter.Options{InitFuel: p.Info.InitFuel, Stack: p.Info.Stack,
			KeepCustom: []string{"name"}, MemoryPages: p.Info.MemoryPages})
		if err != nil {
			return nil, Wrap(name, ErrModule, "%v", err)
		}
	}
	p.Info.MeteredBytes = len(p.Bin)
	_, p.Initialize = m.Export(abi.ExportInitialize)
	return p, nil
}

func (info *Info) readManifest(m *meter.Module) error {
	for _, c := range m.Customs {
		if c.Name != abi.ManifestSection {
			continue
		}
		if info.HasManifest {
			return fmtlite.Errorf("%w: two %s sections", ErrModule, abi.ManifestSection)
		}
		man, err := abi.ParseManifest(c.Data)
		if err != nil {
			return fmtlite.Errorf("%w: %v", ErrModule, err)
		}
		info.Manifest, info.HasManifest = man, true
		if man.Name != "" {
			info.Name = man.Name
		}
	}
	return nil
}

func checkMarker(m *meter.Module) error {
	if e, ok := m.Export(abi.Marker); ok {
		if sig, _ := m.FuncSig(e.Index); e.Kind != meter.KindFunc || !sig.Is(nil, nil) {
			return fmtlite.Errorf("%w: export %s must be a function () -> ()", ErrNotPlugin, abi.Marker)
		}
		return nil
	}
	for _, e := range m.Exports {
		if v, ok := strings.CutPrefix(e.Name, abi.MarkerPrefix); ok {
			return fmtlite.Errorf("%w: the plugin speaks ABI v%s, this host speaks v%d", ErrVersion, v, abi.Version)
		}
	}
	return fmtlite.Errorf("%w: no export %q (is it built with a CoreRec SDK?)", ErrNotPlugin, abi.Marker)
}

func checkExports(m *meter.Module) error {
	i32 := []byte{meter.I32}
	for _, want := range []struct {
		name            string
		params, results []byte
		optional        bool
		paramsDoc       string
	}{
		{abi.ExportAlloc, i32, i32, false, "(size i32) -> (ptr i32)"},
		{abi.ExportRerank, []byte{meter.I32, meter.I32}, i32, false, "(in i32, len i32) -> (out i32)"},
		{abi.ExportInitialize, nil, nil, true, "() -> ()"},
	} {
		e, ok := m.Export(want.name)
		if !ok {
			if want.optional {
				continue
			}
			return fmtlite.Errorf("%w: no export %q %s", ErrNotPlugin, want.name, want.paramsDoc)
		}
		if sig, _ := m.FuncSig(e.Index); e.Kind != meter.KindFunc || !sig.Is(want.params, want.results) {
			return fmtlite.Errorf("%w: export %q must be a function %s", ErrNotPlugin, want.name, want.paramsDoc)
		}
	}
	if e, ok := m.Export(abi.ExportMemory); !ok || e.Kind != meter.KindMemory {
		return fmtlite.Errorf("%w: no exported memory %q", ErrNotPlugin, abi.ExportMemory)
	}
	return nil
}

// grant settles the limits: the manifest may lower fuel, and choose memory up to the host's cap.
func (info *Info) grant(lim Limits, opt Options, m *meter.Module) error {
	man := &info.Manifest
	fuel, initFuel := orDefault(opt.Fuel, rules.PluginFuel), orDefault(opt.InitFuel, rules.PluginInitFuel)
	pages := min(uint32(orDefault(int64(opt.MemoryPages), rules.PluginMemoryPages)), lim.MemoryPages)
	switch {
	case man.Fuel > fuel:
		return fmtlite.Errorf("%w: the manifest asks for %d fuel per call, the host grants %d", ErrLimits, man.Fuel, fuel)
	case man.InitFuel > initFuel:
		return fmtlite.Errorf("%w: the manifest asks for %d init fuel, the host grants %d", ErrLimits, man.InitFuel, initFuel)
	case man.MemoryPages > lim.MemoryPages:
		return fmtlite.Errorf("%w: the manifest asks for %d memory pages, the host grants %d", ErrLimits, man.MemoryPages, lim.MemoryPages)
	}
	info.Fuel, info.InitFuel = orDefault(man.Fuel, fuel), orDefault(man.InitFuel, initFuel)
	info.MemoryPages = uint32(orDefault(int64(man.MemoryPages), int64(pages)))
	info.Stack = int32(orDefault(int64(opt.Stack), meter.DefaultStack))
	if len(m.Memories) != 1 {
		return fmtlite.Errorf("%w: %d memories, a plugin defines exactly one", ErrNotPlugin, len(m.Memories))
	}
	info.InitialPages = m.Memories[0].Min
	if info.InitialPages > info.MemoryPages {
		return fmtlite.Errorf("%w: the module's memory starts at %d pages (%d MiB), the cap is %d pages; ask for more with \"memory_pages\" in the manifest",
			ErrLimits, info.InitialPages, info.InitialPages/16, info.MemoryPages)
	}
	return nil
}

func orDefault(v, def int64) int64 {
	if v > 0 {
		return v
	}
	return def
}
