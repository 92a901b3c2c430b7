package prep

import (
	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/plugin/meter"
)

// wasiAllowed says whether a plugin that declares "wasi" may import the WASI preview 1 function name
// (ABI.md, "Imports"): what language runtimes need to start, with no files, sockets, real clock or real
// randomness behind them. (A switch, not a map: a map literal costs the browser build 2.4 KB of init code.)
func wasiAllowed(name string) bool {
	switch name {
	case "args_get", "args_sizes_get", "environ_get", "environ_sizes_get", "clock_time_get", "clock_res_get",
		"fd_write", "fd_fdstat_get", "fd_close", "fd_prestat_get", "fd_prestat_dir_name",
		"random_get", "poll_oneoff", "sched_yield", "proc_exit":
		return true
	}
	return false
}

// checkImports is the import allow-list: corerec.log as (i32, i32) -> (), and the allowed WASI functions
// when the manifest asks for WASI and the host offers it. It lists the imports in p.Info.Imports.
func (p *Module) checkImports(lim Limits) func(*meter.Module) error {
	return func(m *meter.Module) error {
		wasi := p.Info.Manifest.WASI
		var fn uint32 // the function index of the import: every import before it is a function
		for _, im := range m.Imports {
			full := im.Module + "." + im.Name
			p.Info.Imports = append(p.Info.Imports, full)
			switch {
			case im.Kind != meter.KindFunc:
				return fmtlite.Errorf("%w: %s is an imported %s; plugins define their own memory, tables and globals", ErrImport, full, im.Kind)
			case im.Module == abi.HostModule && im.Name == abi.HostLog:
				if sig, _ := m.FuncSig(fn); !sig.Is([]byte{meter.I32, meter.I32}, nil) {
					return fmtlite.Errorf("%w: %s must be imported as (ptr i32, len i32) -> ()", ErrImport, full)
				}
			case im.Module == abi.WASIModule && lim.NoWASI:
				return fmtlite.Errorf("%w: %s: the browser build offers plugins no WASI (build the plugin without a language runtime that needs it, e.g. with the AssemblyScript SDK)", ErrImport, full)
			case im.Module == abi.WASIModule && !wasiAllowed(im.Name):
				return fmtlite.Errorf("%w: %s is never available to plugins (no files, sockets or real clocks)", ErrImport, full)
			case im.Module == abi.WASIModule && !wasi:
				return fmtlite.Errorf("%w: %s, but the plugin's manifest does not ask for WASI (add \"wasi\": true)", ErrImport, full)
			case im.Module != abi.WASIModule:
				return fmtlite.Errorf("%w: %s; plugins may import only %s.%s, and WASI when the manifest says \"wasi\": true",
					ErrImport, full, abi.HostModule, abi.HostLog)
			}
			fn++
		}
		return nil
	}
}
