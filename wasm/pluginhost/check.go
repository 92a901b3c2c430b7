package pluginhost

import (
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/rules/plugin/prep"
)

// The checks of rules/plugin's Load are rules/plugin/prep's, run here for a host without WASI: the same
// marker, exports, import allow-list, manifest and limits, the same metering, so a plugin loads in the
// browser exactly when it loads natively — except one that imports WASI (Go's runtime does), which the
// browser build does not offer.

// Limits a Host applies (rules/plugin's defaults).
const (
	// MaxModuleBytes bounds a plugin module's size.
	MaxModuleBytes = 16 << 20
	// HostMemoryPages is the most 64 KiB pages any plugin may have.
	HostMemoryPages = rules.PluginHostMemoryPages
)

// Info is what checking a plugin learns without running it (rules/plugin.Info).
type Info = prep.Info

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
func prepare(name string, wasm []byte, opt Options) (*prep.Module, error) {
	lim := prep.Limits{MaxModuleBytes: MaxModuleBytes, MemoryPages: HostMemoryPages, NoWASI: true}
	return prep.Prepare(name, wasm, lim, prep.Options{Fuel: opt.Fuel, InitFuel: opt.InitFuel, MemoryPages: opt.MemoryPages})
}
