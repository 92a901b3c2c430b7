package pluginhost

import (
	"errors"
	"fmt"
	"strings"

	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/plugin/meter"
)

// The checks of rules/plugin's Load (check.go there), for a host without WASI: the same marker, exports,
// import allow-list, manifest and limits, the same metering, so a plugin loads in the browser exactly
// when it loads natively — except one that imports WASI (Go's runtime does), which the browser build does
// not offer.

// Limits a Host applies (rules/plugin's defaults).
const (
	// MaxModuleBytes bounds a plugin module's size.
	MaxModuleBytes = 16 << 20
	// HostMemoryPages is the most 64 KiB pages any plugin may have.
	HostMemoryPages = rules.PluginHostMemoryPages
)

// Info is what checking a plugin learns without running it.
type Info struct {
	// Name is the plugin's name: the manifest's, else the rule's.
	Name string
	// Manifest is the plugin's manifest (the zero Manifest with ABI 1 when it has none).
	Manifest abi.Manifest
	// Fuel, InitFuel and MemoryPages are the limits granted; Stack the call-stack budget in slots.
	Fuel, InitFuel int64
	MemoryPages    uint32
	Stack          int32
	// ModuleBytes and MeteredBytes are the module's size before and after instrumentation.
	ModuleBytes, MeteredBytes int

	hasInit bool // the module exports _initialize
}

// Options are a plugin's limits (0: the defaults of rules: PluginFuel, PluginInitFuel, PluginMemoryPages).
type Options struct {
	Fuel, InitFuel int64
	MemoryPages    uint32
	// Fail fails the request when a call fails; otherwise the candidates stay as they were (skip).
	Fail bool
	// Config is the plugin's configuration bytes.
	Config []byte
}

// prepare checks the module and meters it.
func prepare(name string, wasm []byte, opt Options) (Info, []byte, error) {
	info := Info{Name: name, ModuleBytes: len(wasm), Manifest: abi.Manifest{ABI: abi.Version}}
	if len(wasm) > MaxModuleBytes {
		return info, nil, wrap(name, ErrLimits, "module of %d bytes, the host accepts at most %d", len(wasm), MaxModuleBytes)
	}
	m, err := meter.Parse(wasm)
	if err != nil {
		if errors.Is(err, meter.ErrUnsupported) {
			return info, nil, wrap(name, ErrModule, "%v", err)
		}
		return info, nil, wrap(name, ErrNotPlugin, "not a WebAssembly module: %v", err)
	}
	if err := readManifest(&info, m); err != nil {
		return info, nil, &Error{Plugin: name, Err: err}
	}
	for _, check := range []func(*meter.Module) error{checkMarker, checkExports, checkImports} {
		if err := check(m); err != nil {
			return info, nil, &Error{Plugin: info.Name, Err: err}
		}
	}
	if err := grant(&info, opt, m); err != nil {
		return info, nil, &Error{Plugin: info.Name, Err: err}
	}
	bin, _, err := m.Instrument(meter.Options{InitFuel: info.InitFuel, Stack: info.Stack,
		KeepCustom: []string{"name"}, MemoryPages: info.MemoryPages})
	if err != nil {
		return info, nil, wrap(info.Name, ErrModule, "%v", err)
	}
	info.MeteredBytes = len(bin)
	_, info.hasInit = m.Export(abi.ExportInitialize)
	return info, bin, nil
}

func readManifest(info *Info, m *meter.Module) error {
	seen := false
	for _, c := range m.Customs {
		if c.Name != abi.ManifestSection {
			continue
		}
		if seen {
			return fmt.Errorf("%w: two %s sections", ErrModule, abi.ManifestSection)
		}
		man, err := abi.ParseManifest(c.Data)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrModule, err)
		}
		info.Manifest, seen = man, true
		if man.Name != "" {
			info.Name = man.Name
		}
	}
	return nil
}

func checkMarker(m *meter.Module) error {
	if e, ok := m.Export(abi.Marker); ok {
		if sig, _ := m.FuncSig(e.Index); e.Kind != meter.KindFunc || !sig.Is(nil, nil) {
			return fmt.Errorf("%w: export %s must be a function () -> ()", ErrNotPlugin, abi.Marker)
		}
		return nil
	}
	for _, e := range m.Exports {
		if v, ok := strings.CutPrefix(e.Name, abi.MarkerPrefix); ok {
			return fmt.Errorf("%w: the plugin speaks ABI v%s, this host speaks v%d", ErrVersion, v, abi.Version)
		}
	}
	return fmt.Errorf("%w: no export %q (is it built with a CoreRec SDK?)", ErrNotPlugin, abi.Marker)
}

func checkExports(m *meter.Module) error {
	i32 := []byte{meter.I32}
	for _, want := range []struct {
		name            string
		params, results []byte
		optional        bool
		doc             string
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
			return fmt.Errorf("%w: no export %q %s", ErrNotPlugin, want.name, want.doc)
		}
		if sig, _ := m.FuncSig(e.Index); e.Kind != meter.KindFunc || !sig.Is(want.params, want.results) {
			return fmt.Errorf("%w: export %q must be a function %s", ErrNotPlugin, want.name, want.doc)
		}
	}
	if e, ok := m.Export(abi.ExportMemory); !ok || e.Kind != meter.KindMemory {
		return fmt.Errorf("%w: no exported memory %q", ErrNotPlugin, abi.ExportMemory)
	}
	return nil
}

// checkImports allows corerec.log (as (i32, i32) -> ()) and nothing else.
func checkImports(m *meter.Module) error {
	var fn uint32 // function index of the import
	for _, im := range m.Imports {
		full := im.Module + "." + im.Name
		switch {
		case im.Kind != meter.KindFunc:
			return fmt.Errorf("%w: %s is an imported %s; plugins define their own memory, tables and globals", ErrImport, full, im.Kind)
		case im.Module == abi.HostModule && im.Name == abi.HostLog:
			if sig, _ := m.FuncSig(fn); !sig.Is([]byte{meter.I32, meter.I32}, nil) {
				return fmt.Errorf("%w: %s must be imported as (ptr i32, len i32) -> ()", ErrImport, full)
			}
		case im.Module == abi.WASIModule:
			return fmt.Errorf("%w: %s: the browser build offers plugins no WASI (build the plugin without a language runtime that needs it, e.g. with the AssemblyScript SDK)", ErrImport, full)
		default:
			return fmt.Errorf("%w: %s; plugins may import only %s.%s, and WASI when the manifest says \"wasi\": true",
				ErrImport, full, abi.HostModule, abi.HostLog)
		}
		fn++
	}
	return nil
}

// grant settles the limits as rules/plugin does: the manifest may lower fuel, and choose memory up to the
// host's cap.
func grant(info *Info, opt Options, m *meter.Module) error {
	man := &info.Manifest
	fuel, initFuel := orDefault(opt.Fuel, rules.PluginFuel), orDefault(opt.InitFuel, rules.PluginInitFuel)
	pages := min(uint32(orDefault(int64(opt.MemoryPages), rules.PluginMemoryPages)), HostMemoryPages)
	switch {
	case man.Fuel > fuel:
		return fmt.Errorf("%w: the manifest asks for %d fuel per call, the host grants %d", ErrLimits, man.Fuel, fuel)
	case man.InitFuel > initFuel:
		return fmt.Errorf("%w: the manifest asks for %d init fuel, the host grants %d", ErrLimits, man.InitFuel, initFuel)
	case man.MemoryPages > HostMemoryPages:
		return fmt.Errorf("%w: the manifest asks for %d memory pages, the host grants %d", ErrLimits, man.MemoryPages, HostMemoryPages)
	}
	info.Fuel, info.InitFuel = orDefault(man.Fuel, fuel), orDefault(man.InitFuel, initFuel)
	info.MemoryPages = uint32(orDefault(int64(man.MemoryPages), int64(pages)))
	info.Stack = meter.DefaultStack
	if len(m.Memories) != 1 {
		return fmt.Errorf("%w: %d memories, a plugin defines exactly one", ErrNotPlugin, len(m.Memories))
	}
	if initial := m.Memories[0].Min; initial > info.MemoryPages {
		return fmt.Errorf("%w: the module's memory starts at %d pages (%d MiB), the cap is %d pages; ask for more with \"memory_pages\" in the manifest",
			ErrLimits, initial, initial/16, info.MemoryPages)
	}
	return nil
}

func orDefault(v, def int64) int64 {
	if v > 0 {
		return v
	}
	return def
}
