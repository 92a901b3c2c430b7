package pluginhost

import (
	"fmt"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/runtime"
)

// Bundle is a runtime.Engine over a bundle whose rules may run plugins, with those plugins: rules/plugin's
// Engine for a host without wazero. Close it (not only the embedded Engine) to release them.
type Bundle struct {
	*runtime.Engine
	plugins []*Plugin
}

// Plugins returns the plugins the bundle's rules run, in the order of the spec.
func (b *Bundle) Plugins() []*Plugin { return b.plugins }

// Close closes the engine and releases its plugins.
func (b *Bundle) Close() error {
	err := b.Engine.Close()
	for _, p := range b.plugins {
		p.Close()
	}
	return err
}

// OpenBytes opens a bundle held in memory as runtime.OpenBytes does; each plugin rule of its rules spec
// is checked, metered and loaded on e from its bundle section, wrapped as a rules.Custom rule (so the
// chain re-applies blocklists, filters and pins after it), exactly as rules/plugin's Host.NewEngine
// does natively. It sets opt.Rules. On error nothing stays loaded.
func OpenBytes(e Engine, data []byte, opt runtime.Options) (*Bundle, error) {
	b, err := modelpack.OpenBytes(data, modelpack.Options{SkipVerify: opt.SkipVerify})
	if err != nil {
		return nil, fmt.Errorf("runtime: %w", err)
	}
	l := &loader{e: e, hashes: &Hashes{}}
	env := rules.Env{
		Section: func(name string) ([]byte, error) {
			raw, _, err := b.Raw(name)
			return raw, err
		},
		Kinds: map[string]rules.KindFactory{rules.KindPlugin: l.rule},
	}
	opt.Rules = func(spec []byte) (runtime.Reranker, error) { return rules.ParseChainEnv(spec, env) }
	eng, err := runtime.New(b, opt)
	if err != nil {
		for _, p := range l.loaded {
			p.Close()
		}
		return nil, err
	}
	return &Bundle{Engine: eng, plugins: l.loaded}, nil
}

// loader is the plugin rule kind of one bundle: it loads the plugins and keeps them to close.
type loader struct {
	e      Engine
	hashes *Hashes
	loaded []*Plugin // rules are built on one goroutine (runtime.New)
}

// rule is the rules.KindFactory of KindPlugin.
func (l *loader) rule(rs rules.RuleSpec, env rules.Env) (rules.Rule, error) {
	r, err := rules.ParsePluginRule(rs, 0)
	if err != nil {
		return nil, err
	}
	if env.Section == nil {
		return nil, fmt.Errorf("%w: plugin rule %q: no bundle to read section %q from", rules.ErrConfig, r.Name, r.Section)
	}
	wasm, err := env.Section(r.Section)
	if err != nil {
		return nil, fmt.Errorf("%w: plugin rule %q: %w", rules.ErrConfig, r.Name, err)
	}
	opt := Options{Fuel: r.Fuel, MemoryPages: r.MemoryPages, Fail: r.Fail, Config: r.Config}
	p, err := Load(l.e, r.Name, wasm, opt, l.hashes)
	if err != nil {
		return nil, fmt.Errorf("%w: plugin rule %q (section %q): %w", rules.ErrConfig, r.Name, r.Section, err)
	}
	l.loaded = append(l.loaded, p)
	return rules.Custom(r.Name, p), nil
}
