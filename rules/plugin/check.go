package plugin

import "github.com/corerec/corerec/rules/plugin/prep"

// Info is what checking a plugin learns without running it (rules/plugin/prep, shared with the browser's
// plugin host).
type Info = prep.Info

// prepare runs every check that needs no engine (rules/plugin/prep.Prepare, with the host's limits), and
// instruments the module unless the host runs without fuel.
func (h *Host) prepare(name string, wasm []byte, opt Options) (*prep.Module, error) {
	lim := prep.Limits{MaxModuleBytes: h.cfg.MaxModuleBytes, MemoryPages: h.cfg.MemoryPages,
		Unmetered: h.cfg.Interrupt != InterruptFuel}
	return prep.Prepare(name, wasm, lim, prep.Options{Fuel: opt.Fuel, InitFuel: opt.InitFuel, Stack: opt.Stack,
		MemoryPages: opt.MemoryPages})
}
