package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/runtime"
)

// DefaultMaxRuleFuel bounds the fuel a bundle's plugin rule may ask for (BundleOptions.MaxFuel).
const DefaultMaxRuleFuel = 10 * DefaultFuel

// RuleConfig is the config of a plugin rule in a bundle's rules spec (rules.KindPlugin):
//
//	{"kind": "plugin", "name": "fresh", "config": {"fuel": 2000000, "policy": "skip"}}
//
// Its module is the bundle section modelpack.SectionPlugin(name) ("plugin.fresh") unless Section names
// another. `pack build --plugin fresh=fresh.wasm,policy=skip,fuel=N` writes both.
type RuleConfig struct {
	// Section is the bundle section holding the module (default "plugin." + the rule's name).
	Section string `json:"section,omitempty"`
	// Fuel is the per-call budget (default DefaultFuel; at most BundleOptions.MaxFuel).
	Fuel int64 `json:"fuel,omitempty"`
	// MemoryPages caps the plugin's memory in 64 KiB pages (default DefaultMemoryPages; at most the host's).
	MemoryPages uint32 `json:"memory_pages,omitempty"`
	// Policy is what a failed call does: "skip" (default: the request goes on without the plugin) or
	// "fail" (the request fails).
	Policy string `json:"policy,omitempty"`
	// Config is passed to the plugin as its configuration bytes; ConfigF32, when set instead, as
	// little-endian float32 values (the example rules read their parameters so).
	Config    string    `json:"config,omitempty"`
	ConfigF32 []float32 `json:"config_f32,omitempty"`
}

// maxConfigBytes bounds a plugin's configuration in a rules spec.
const maxConfigBytes = 64 << 10

// ParsePolicy reads "skip" (or "") and "fail".
func ParsePolicy(s string) (Policy, error) {
	switch s {
	case "", "skip":
		return Skip, nil
	case "fail":
		return Fail, nil
	}
	return Skip, fmt.Errorf("plugin: policy %q: want skip or fail", s)
}

// options checks the config and turns it into the Options of Load.
func (c RuleConfig) options(bo BundleOptions) (Options, error) {
	pol, err := ParsePolicy(c.Policy)
	if err != nil {
		return Options{}, err
	}
	maxFuel := bo.MaxFuel
	if maxFuel <= 0 {
		maxFuel = DefaultMaxRuleFuel
	}
	switch {
	case c.Fuel < 0 || c.Fuel > maxFuel:
		return Options{}, fmt.Errorf("plugin: fuel %d: want 0 (default %d) up to %d", c.Fuel, DefaultFuel, maxFuel)
	case c.Config != "" && len(c.ConfigF32) > 0:
		return Options{}, errors.New(`plugin: give "config" or "config_f32", not both`)
	case len(c.Config) > maxConfigBytes || 4*len(c.ConfigF32) > maxConfigBytes:
		return Options{}, fmt.Errorf("plugin: config over %d bytes", maxConfigBytes)
	}
	opt := Options{Fuel: c.Fuel, MemoryPages: c.MemoryPages, Policy: pol, Instances: bo.Instances, OnCall: bo.OnCall}
	if c.Config != "" {
		opt.Config = []byte(c.Config)
	}
	for _, v := range c.ConfigF32 {
		b := math.Float32bits(v)
		opt.Config = append(opt.Config, byte(b), byte(b>>8), byte(b>>16), byte(b>>24))
	}
	return opt, nil
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
	var c RuleConfig
	if len(rs.Config) > 0 {
		if err := strictJSON(rs.Config, &c); err != nil {
			return "", "", opt, fmt.Errorf("%w: plugin rule %q: config: %v", rules.ErrConfig, rs.Name, err)
		}
	}
	name, section = rs.Name, c.Section
	if name == "" {
		name = strings.TrimPrefix(section, modelpack.SectionPluginPrefix)
	}
	if name == "" {
		return "", "", opt, fmt.Errorf("%w: plugin rule: give it a name (its module is section plugin.NAME)", rules.ErrConfig)
	}
	if section == "" {
		section = modelpack.SectionPlugin(name)
	}
	if opt, err = c.options(bo); err != nil {
		return "", "", opt, fmt.Errorf("%w: plugin rule %q: %w", rules.ErrConfig, name, err)
	}
	return name, section, opt, nil
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

// strictJSON decodes data into v, rejecting unknown keys and trailing data.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("data after the JSON value")
	}
	return nil
}
