package plugin

import (
	"context"
	"fmt"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/rules/plugin/prep"
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

// Engine is a runtime.Engine over a bundle whose rules may run its plugins, with those plugins: a
// rules/plugin/prep.Bundle (which the browser's plugin host shares) listing them as *Plugin. Close it (not
// only the embedded Engine) to release them. Like runtime.Engine it is safe for concurrent use.
type Engine struct {
	*prep.Bundle
	plugins []*Plugin
}

// Plugins returns the plugins the bundle's rules run, in the order of the spec.
func (e *Engine) Plugins() []*Plugin { return e.plugins }

// NewEngine prepares a runtime.Engine over b (taking ownership of it, as runtime.New does) whose rules
// spec may hold plugin rules: each is checked, metered and loaded on h from its bundle section. It sets
// opt.Rules. On error nothing stays loaded and b is closed.
func (h *Host) NewEngine(ctx context.Context, b *modelpack.Bundle, opt runtime.Options, bo BundleOptions) (*Engine, error) {
	e := &Engine{}
	l := &prep.Loader{MaxFuel: bo.MaxFuel,
		Load: func(r rules.PluginRule, wasm []byte) (runtime.Reranker, error) {
			p, err := h.Load(ctx, r.Name, wasm, pluginOptions(r, bo))
			if err != nil {
				return nil, err
			}
			e.plugins = append(e.plugins, p)
			return p, nil
		},
		Close: func(p runtime.Reranker) { _ = p.(*Plugin).Close(context.Background()) },
	}
	bd, err := l.Open(b, opt)
	if err != nil {
		return nil, err
	}
	e.Bundle = bd
	return e, nil
}

// OpenEngine opens the bundle at path and prepares it as NewEngine does.
func (h *Host) OpenEngine(ctx context.Context, path string, opt runtime.Options, bo BundleOptions) (*Engine, error) {
	b, err := modelpack.Open(path, modelpack.Options{SkipVerify: opt.SkipVerify})
	if err != nil {
		return nil, fmt.Errorf("plugin: open %s: %w", path, err)
	}
	return h.NewEngine(ctx, b, opt, bo)
}

// pluginOptions are the load options of a plugin rule in a bundle.
func pluginOptions(r rules.PluginRule, bo BundleOptions) Options {
	opt := Options{Fuel: r.Fuel, MemoryPages: r.MemoryPages, Instances: bo.Instances, OnCall: bo.OnCall, Config: r.Config}
	if r.Fail {
		opt.Policy = Fail
	}
	return opt
}

// init registers the plugin kind for rules.ParseChain and rules.ParseChainEnv: a spec with plugin rules
// decodes, but its plugins load only on a Host (Host.NewEngine), which owns and closes them.
func init() {
	rules.RegisterKind(rules.KindPlugin, func(rs rules.RuleSpec, _ rules.Env) (rules.Rule, error) {
		r, err := rules.ParsePluginRule(rs, 0)
		if err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%w: plugin rule %q (section %q) runs on a plugin host: open the bundle with plugin.Host.NewEngine (cmd/edge and pack do)",
			rules.ErrConfig, r.Name, r.Section)
	})
}
