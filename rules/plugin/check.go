package plugin

import (
	"errors"
	"fmt"
	"strings"

	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/plugin/meter"
)

// wasiAllowed are the WASI preview 1 functions a plugin that declares "wasi" may import (ABI.md, "Imports"):
// what language runtimes need to start, with no files, sockets, real clock or real randomness behind them.
var wasiAllowed = map[string]bool{
	"args_get": true, "args_sizes_get": true, "environ_get": true, "environ_sizes_get": true,
	"clock_time_get": true, "clock_res_get": true,
	"fd_write": true, "fd_fdstat_get": true, "fd_close": true, "fd_prestat_get": true, "fd_prestat_dir_name": true,
	"random_get": true, "poll_oneoff": true, "sched_yield": true, "proc_exit": true,
}

// Info is what checking a plugin learns without running it.
type Info struct {
	// Name is the plugin's name: the manifest's, else the name given to Check or Load.
	Name string `json:"name"`
	// Manifest is the plugin's manifest (the zero Manifest with ABI 1 when it has none).
	Manifest    abi.Manifest `json:"manifest"`
	HasManifest bool         `json:"has_manifest"`
	// Imports lists the module's imports as "module.name".
	Imports []string `json:"imports"`
	// Fuel, InitFuel and MemoryPages are the limits granted.
	Fuel        int64  `json:"fuel"`
	InitFuel    int64  `json:"init_fuel"`
	MemoryPages uint32 `json:"memory_pages"`
	// Stack is the call-stack budget in slots.
	Stack int32 `json:"stack"`
	// InitialPages is the memory the module starts with.
	InitialPages uint32 `json:"initial_pages"`
	// ModuleBytes and MeteredBytes are the module's size before and after instrumentation.
	ModuleBytes  int `json:"module_bytes"`
	MeteredBytes int `json:"metered_bytes"`
	// Meter describes the instrumentation: functions, metering points, the largest single charge.
	Meter meter.Stats `json:"meter"`
}

// prepared is a checked plugin ready to compile.
type prepared struct {
	info Info
	bin  []byte // what the engine compiles: metered unless the host runs without fuel
}

// prepare runs every check that needs no engine, and instruments the module.
func (h *Host) prepare(name string, wasm []byte, opt Options) (*prepared, error) {
	p := &prepared{info: Info{Name: name, ModuleBytes: len(wasm), Manifest: abi.Manifest{ABI: abi.Version}}}
	if len(wasm) > h.cfg.MaxModuleBytes {
		return nil, wrap(name, ErrLimits, "module of %d bytes, the host accepts at most %d", len(wasm), h.cfg.MaxModuleBytes)
	}
	m, err := meter.Parse(wasm)
	if err != nil {
		if errors.Is(err, meter.ErrUnsupported) {
			return nil, wrap(name, ErrModule, "%v", err)
		}
		return nil, wrap(name, ErrNotPlugin, "not a WebAssembly module: %v", err)
	}
	if err := p.readManifest(m); err != nil {
		return nil, &Error{Plugin: name, Err: err}
	}
	name = p.info.Name
	for _, check := range []func(*meter.Module) error{checkMarker, checkExports, p.checkImports} {
		if err := check(m); err != nil {
			return nil, &Error{Plugin: name, Err: err}
		}
	}
	if err := p.grant(h.cfg, opt, m); err != nil {
		return nil, &Error{Plugin: name, Err: err}
	}
	p.bin = wasm
	if h.cfg.Interrupt == InterruptFuel {
		p.bin, p.info.Meter, err = m.Instrument(meter.Options{InitFuel: p.info.InitFuel, Stack: p.info.Stack,
			KeepCustom: []string{"name"}, MemoryPages: p.info.MemoryPages})
		if err != nil {
			return nil, wrap(name, ErrModule, "%v", err)
		}
	}
	p.info.MeteredBytes = len(p.bin)
	return p, nil
}

func (p *prepared) readManifest(m *meter.Module) error {
	for _, c := range m.Customs {
		if c.Name != abi.ManifestSection {
			continue
		}
		if p.info.HasManifest {
			return fmt.Errorf("%w: two %s sections", ErrModule, abi.ManifestSection)
		}
		man, err := abi.ParseManifest(c.Data)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrModule, err)
		}
		p.info.Manifest, p.info.HasManifest = man, true
		if man.Name != "" {
			p.info.Name = man.Name
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
			return fmt.Errorf("%w: no export %q %s", ErrNotPlugin, want.name, want.paramsDoc)
		}
		if sig, _ := m.FuncSig(e.Index); e.Kind != meter.KindFunc || !sig.Is(want.params, want.results) {
			return fmt.Errorf("%w: export %q must be a function %s", ErrNotPlugin, want.name, want.paramsDoc)
		}
	}
	if e, ok := m.Export(abi.ExportMemory); !ok || e.Kind != meter.KindMemory {
		return fmt.Errorf("%w: no exported memory %q", ErrNotPlugin, abi.ExportMemory)
	}
	return nil
}

func (p *prepared) checkImports(m *meter.Module) error {
	wasi := p.info.Manifest.WASI
	for _, im := range m.Imports {
		full := im.Module + "." + im.Name
		p.info.Imports = append(p.info.Imports, full)
		switch {
		case im.Kind != meter.KindFunc:
			return fmt.Errorf("%w: %s is an imported %s; plugins define their own memory, tables and globals", ErrImport, full, im.Kind)
		case im.Module == abi.HostModule && im.Name == abi.HostLog:
			if sig, _ := m.FuncSig(importIndex(m, im)); !sig.Is([]byte{meter.I32, meter.I32}, nil) {
				return fmt.Errorf("%w: %s must be imported as (ptr i32, len i32) -> ()", ErrImport, full)
			}
		case im.Module == abi.WASIModule && !wasiAllowed[im.Name]:
			return fmt.Errorf("%w: %s is never available to plugins (no files, sockets or real clocks)", ErrImport, full)
		case im.Module == abi.WASIModule && !wasi:
			return fmt.Errorf("%w: %s, but the plugin's manifest does not ask for WASI (add \"wasi\": true)", ErrImport, full)
		case im.Module != abi.WASIModule:
			return fmt.Errorf("%w: %s; plugins may import only %s.%s, and WASI when the manifest says \"wasi\": true",
				ErrImport, full, abi.HostModule, abi.HostLog)
		}
	}
	return nil
}

// importIndex is the function index of an imported function.
func importIndex(m *meter.Module, want meter.Import) uint32 {
	var n uint32
	for _, im := range m.Imports {
		if im == want {
			return n
		}
		if im.Kind == meter.KindFunc {
			n++
		}
	}
	return n
}

// grant settles the limits: the manifest may lower fuel, and choose memory up to the host's cap.
func (p *prepared) grant(hc HostConfig, opt Options, m *meter.Module) error {
	man := &p.info.Manifest
	fuel, initFuel := orDefault(opt.Fuel, DefaultFuel), orDefault(opt.InitFuel, DefaultInitFuel)
	pages := min(uint32(orDefault(int64(opt.MemoryPages), DefaultMemoryPages)), hc.MemoryPages)
	switch {
	case man.Fuel > fuel:
		return fmt.Errorf("%w: the manifest asks for %d fuel per call, the host grants %d", ErrLimits, man.Fuel, fuel)
	case man.InitFuel > initFuel:
		return fmt.Errorf("%w: the manifest asks for %d init fuel, the host grants %d", ErrLimits, man.InitFuel, initFuel)
	case man.MemoryPages > hc.MemoryPages:
		return fmt.Errorf("%w: the manifest asks for %d memory pages, the host grants %d", ErrLimits, man.MemoryPages, hc.MemoryPages)
	}
	p.info.Fuel, p.info.InitFuel = orDefault(man.Fuel, fuel), orDefault(man.InitFuel, initFuel)
	p.info.MemoryPages = uint32(orDefault(int64(man.MemoryPages), int64(pages)))
	p.info.Stack = int32(orDefault(int64(opt.Stack), meter.DefaultStack))
	if len(m.Memories) != 1 {
		return fmt.Errorf("%w: %d memories, a plugin defines exactly one", ErrNotPlugin, len(m.Memories))
	}
	p.info.InitialPages = m.Memories[0].Min
	if p.info.InitialPages > p.info.MemoryPages {
		return fmt.Errorf("%w: the module's memory starts at %d pages (%d MiB), the cap is %d pages; ask for more with \"memory_pages\" in the manifest",
			ErrLimits, p.info.InitialPages, p.info.InitialPages/16, p.info.MemoryPages)
	}
	return nil
}

func orDefault(v, def int64) int64 {
	if v > 0 {
		return v
	}
	return def
}
