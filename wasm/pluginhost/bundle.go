package pluginhost

import (
	"fmt"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/rules/plugin/prep"
	"github.com/corerec/corerec/runtime"
)

// Bundle is a runtime.Engine over a bundle whose rules may run plugins, with those plugins (Plugins(), in
// the order of the spec): rules/plugin's Engine for a host without wazero (both are rules/plugin/prep's
// Bundle). Close it (not only the embedded Engine) to release them.
type Bundle = prep.Bundle[*Plugin]

// Hashes hashes the item ids and categories of a catalog once for the plugins that share it
// (rules/plugin/prep.Hashes; the zero value is ready).
type Hashes = prep.Hashes

// OpenBytes opens a bundle held in memory as runtime.OpenBytes does; each plugin rule of its rules spec
// is checked, metered and loaded on e from its bundle section, wrapped as a rules.Custom rule (so the
// chain re-applies blocklists, filters and pins after it), exactly as rules/plugin's Host.NewEngine
// does natively (with the same rules/plugin/prep.Loader). It sets opt.Rules. On error nothing stays
// loaded.
func OpenBytes(e Engine, data []byte, opt runtime.Options) (*Bundle, error) {
	b, err := modelpack.OpenBytes(data, modelpack.Options{SkipVerify: opt.SkipVerify})
	if err != nil {
		return nil, fmt.Errorf("runtime: %w", err)
	}
	hashes := &Hashes{}
	l := &prep.Loader[*Plugin]{
		Load: func(r rules.PluginRule, wasm []byte) (*Plugin, error) {
			return Load(e, r.Name, wasm, Options{Fuel: r.Fuel, MemoryPages: r.MemoryPages, Fail: r.Fail, Config: r.Config}, hashes)
		},
		Close: (*Plugin).Close,
	}
	return l.Open(b, opt)
}
