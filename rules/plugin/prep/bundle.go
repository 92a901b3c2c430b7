package prep

import (
	"sync"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/runtime"
)

// Bundle is a runtime.Engine over a bundle whose rules may run plugins, with those plugins. Close it (not
// only the embedded Engine) to release them. Like runtime.Engine it is safe for concurrent use. Each host
// wraps it with a typed list of its plugins (rules/plugin.Engine, wasm/pluginhost.Bundle).
//
// Bundle and Loader are not generic over the host's plugin type on purpose: in the browser build, a
// generic Loader made the linker keep about 28 KB of unrelated methods (BENCHMARKS.md).
type Bundle struct {
	*runtime.Engine
	plugins []runtime.Reranker
	close   func(runtime.Reranker)
}

// Plugins returns the plugins the bundle's rules run, in the order of the spec: what the host's Load
// returned.
func (b *Bundle) Plugins() []runtime.Reranker { return b.plugins }

// Close closes the engine and releases its plugins. Requests must not run during or after Close.
func (b *Bundle) Close() error {
	err := b.Engine.Close()
	for _, p := range b.plugins {
		b.close(p)
	}
	return err
}

// Loader is a host's plugin rule kind (rules.KindPlugin) for one bundle: it loads each plugin rule's
// module from its bundle section, wraps the plugin as a rules.Custom rule (so the chain re-applies
// blocklists, filters and pins after it), and keeps the plugins to close.
type Loader struct {
	// Load loads the plugin of rule r from its module.
	Load func(r rules.PluginRule, wasm []byte) (runtime.Reranker, error)
	// Close releases a plugin Load returned.
	Close func(runtime.Reranker)
	// MaxFuel bounds the per-call fuel a rule may ask for (0: rules.PluginMaxFuel).
	MaxFuel int64

	mu     sync.Mutex // guards loaded (rules are built on one goroutine; the lock keeps that an assumption)
	loaded []runtime.Reranker
}

// Open prepares a runtime.Engine over b (taking ownership of it, as runtime.New does) whose rules spec
// may hold plugin rules, each loaded with l.Load. It sets opt.Rules. On error nothing stays loaded and b
// is closed. A Loader opens one bundle.
func (l *Loader) Open(b *modelpack.Bundle, opt runtime.Options) (*Bundle, error) {
	env := rules.Env{
		Section: func(name string) ([]byte, error) {
			raw, _, err := b.Raw(name)
			return raw, err
		},
		Kinds: map[string]rules.KindFactory{rules.KindPlugin: l.rule},
	}
	opt.Rules = func(spec []byte) (runtime.Reranker, error) { return rules.ParseChainEnv(spec, env) }
	eng, err := runtime.New(b, opt)
	l.mu.Lock()
	defer l.mu.Unlock()
	if err != nil {
		for _, p := range l.loaded {
			l.Close(p)
		}
		l.loaded = nil
		return nil, err
	}
	return &Bundle{Engine: eng, plugins: l.loaded, close: l.Close}, nil
}

// rule is the rules.KindFactory of KindPlugin.
func (l *Loader) rule(rs rules.RuleSpec, env rules.Env) (rules.Rule, error) {
	r, err := rules.ParsePluginRule(rs, l.MaxFuel)
	if err != nil {
		return nil, err
	}
	if env.Section == nil {
		return nil, fmtlite.Errorf("%w: plugin rule %q: no bundle to read section %q from", rules.ErrConfig, r.Name, r.Section)
	}
	wasm, err := env.Section(r.Section)
	if err != nil {
		return nil, fmtlite.Errorf("%w: plugin rule %q: %w", rules.ErrConfig, r.Name, err)
	}
	p, err := l.Load(r, wasm)
	if err != nil {
		return nil, fmtlite.Errorf("%w: plugin rule %q (section %q): %w", rules.ErrConfig, r.Name, r.Section, err)
	}
	l.mu.Lock()
	l.loaded = append(l.loaded, p)
	l.mu.Unlock()
	return rules.Custom(r.Name, p), nil
}
