package plugin

import (
	"context"
	"fmt"
	"sync"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/runtime"
)

// DefaultMaxRuleFuel bounds the fuel a bundle's plugin rule may ask for (BundleOptions.MaxFuel).
const DefaultMaxRuleFuel = rules.PluginMaxFuel

// RuleConfig is the config of a plugin rule in a bundle's rules spec (rules.KindPlugin); package rules
// decodes and checks it (rules.ParsePluginRule), so that any plugin host reads it alike:
//
//	{"kind": "plugin", "name": "fresh", "config": {"fuel": 2000000, "policy": "skip"}}
//
// Its module is the bundle section modelpack.SectionPlugin(name) ("plugin.fresh") unless Section names
// another. `pack build --plugin fresh=fresh.wasm,policy=skip,fuel=N` writes both.
type RuleConfig = rules.PluginConfig

// ParsePolicy reads "skip" (or "") and "fail".
func ParsePolicy(s string) (Policy, error) {
	fail, err := rules.ParsePluginPolicy(s)
	if fail {
		return Fail, err
	}
	return Skip, err
}

// BundleOptions configure the plugins of a bundle opened with Host.NewEngine. The zero value works.
type BundleOptions struct {
	// MaxFuel bounds the per-call fuel a plugin rule may ask for (default DefaultMaxRuleFuel); a bundle
	// asking for more is refused.
	MaxFuel int64
	// Instances bounds each plugin's pool (Options.Instances; default GOMAXPROCS).
	Instances int
	// OnCall observes every call of every plugin of the bundle (Options.OnCall).
	OnCall func(Call)
}

// Engine is a runtime.Engine over a bundle whose rules may run its plugins, with those plugins. Close it
// (not only the embedded Engine) to release them. Like runtime.Engine it is safe for concurrent use.
type Engine struct {
	*runtime.Engine
	plugins []*Plugin
}

// Plugins returns the plugins the bundle's rules run, in the order of the spec.
func (e *Engine) Plugins() []*Plugin { return e.plugins }

// Close closes the engine and releases its plugins. Requests must not run during or after Close.
func (e *Engine) Close() error {
	err := e.Engine.Close()
	for _, p := range e.plugins {
		_ = p.Close(context.Background())
	}
	return err
}

// NewEngine prepares a runtime.Engine over b (taking ownership of it, as runtime.New does) whose rules
// spec may hold plugin rules: each is checked, metered and loaded on h from its bundle section. It sets
// opt.Rules. On error nothing stays loaded and b is closed.
func (h *Host) NewEngine(ctx context.Context, b *modelpack.Bundle, opt runtime.Options, bo BundleOptions) (*Engine, error) {
	l := &loader{h: h, ctx: ctx, bo: bo}
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
		l.close()
		return nil, err
	}
	return &Engine{Engine: eng, plugins: l.loaded}, nil
}

// OpenEngine opens the bundle at path and prepares it as NewEngine does.
func (h *Host) OpenEngine(ctx context.Context, path string, opt runtime.Options, bo BundleOptions) (*Engine, error) {
	b, err := modelpack.Open(path, modelpack.Options{SkipVerify: opt.SkipVerify})
	if err != nil {
		return nil, fmt.Errorf("plugin: open %s: %w", path, err)
	}
	return h.NewEngine(ctx, b, opt, bo)
}

// loader is the plugin rule kind of one bundle: it loads the plugins and keeps them to close.
type loader struct {
	h   *Host
	ctx context.Context
	bo  BundleOptions

	mu     sync.Mutex // guards loaded (rules are built on one goroutine; the lock keeps that an assumption)
	loaded []*Plugin
}

// rule is the rules.KindFactory of KindPlugin.
func (l *loader) rule(rs rules.RuleSpec, env rules.Env) (rules.Rule, error) {
	name, sec, opt, err := ruleOptions(rs, l.bo)
	if err != nil {
		return nil, err
	}
	if env.Section == nil {
		return nil, fmt.Errorf("%w: plugin rule %q: no bundle to read section %q from", rules.ErrConfig, name, sec)
	}
	wasm, err := env.Section(sec)
	if err != nil {
		return nil, fmt.Errorf("%w: plugin rule %q: %w", rules.ErrConfig, name, err)
	}
	p, err := l.h.Load(l.ctx, name, wasm, opt)
	if err != nil {
		return nil, fmt.Errorf("%w: plugin rule %q (section %q): %w", rules.ErrConfig, name, sec, err)
	}
	l.mu.Lock()
	l.loaded = append(l.loaded, p)
	l.mu.Unlock()
	return rules.Custom(name, p), nil
}

func (l *loader) close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, p := range l.loaded {
		_ = p.Close(context.Background())
	}
	l.loaded = nil
}

// ruleOptions decodes a plugin rule's spec: its name, section and load options.
func ruleOptions(rs rules.RuleSpec, bo BundleOptions) (name, section string, opt Options, err error) {
	r, err := rules.ParsePluginRule(rs, bo.MaxFuel)
	if err != nil {
		return "", "", opt, err
	}
	opt = Options{Fuel: r.Fuel, MemoryPages: r.MemoryPages, Instances: bo.Instances, OnCall: bo.OnCall, Config: r.Config}
	if r.Fail {
		opt.Policy = Fail
	}
	return r.Name, r.Section, opt, nil
}

// init registers the plugin kind for rules.ParseChain and rules.ParseChainEnv: a spec with plugin rules
// decodes, but its plugins load only on a Host (Host.NewEngine), which owns and closes them.
func init() {
	rules.RegisterKind(rules.KindPlugin, func(rs rules.RuleSpec, _ rules.Env) (rules.Rule, error) {
		name, sec, _, err := ruleOptions(rs, BundleOptions{})
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%w: plugin rule %q (section %q) runs on a plugin host: open the bundle with plugin.Host.NewEngine (cmd/edge and pack do)",
			rules.ErrConfig, name, sec)
	})
}
