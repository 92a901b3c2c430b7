package pluginhost

import (
	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/rules/plugin/prep"
	"github.com/corerec/corerec/runtime"
)

// Bundle is a runtime.Engine over a bundle whose rules may run plugins, with those plugins:
// rules/plugin's Engine for a host without wazero (both are a rules/plugin/prep.Bundle listing their own
// plugins). Close it (not only the embedded Engine) to release them.
type Bundle struct {
	*prep.Bundle
	plugins []*Plugin
}

// Plugins returns the plugins the bundle's rules run, in the order of the spec.
func (b *Bundle) Plugins() []*Plugin { return b.plugins }

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
		return nil, fmtlite.Errorf("runtime: %w", err)
	}
	hashes, bd := &Hashes{}, &Bundle{}
	l := &prep.Loader{
		Load: func(r rules.PluginRule, wasm []byte) (runtime.Reranker, error) {
			p, err := Load(e, r.Name, wasm, Options{Fuel: r.Fuel, MemoryPages: r.MemoryPages, Fail: r.Fail, Config: r.Config}, hashes)
			if err != nil {
				return nil, err
			}
			bd.plugins = append(bd.plugins, p)
			return p, nil
		},
		Close: func(p runtime.Reranker) { p.(*Plugin).Close() },
	}
	if bd.Bundle, err = l.Open(b, opt); err != nil {
		return nil, err
	}
	return bd, nil
}
