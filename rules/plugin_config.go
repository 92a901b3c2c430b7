package rules

import (
	"errors"
	"math"
	"strings"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/modelpack"
)

// Plugin limits every plugin host applies unless configured otherwise (the wazero host in rules/plugin
// exports them under its own names: DefaultFuel, ...), kept here, outside the wazero package, so that a host
// without wazero (a browser build) can share them.
const (
	// PluginFuel is the default per-call fuel budget of a plugin.
	PluginFuel = 20_000_000
	// PluginMaxFuel bounds the fuel a bundle's plugin rule may ask for.
	PluginMaxFuel = 10 * PluginFuel
	// PluginInitFuel is the default instantiation budget (start function and _initialize).
	PluginInitFuel = 25_000_000
	// PluginMemoryPages is a plugin's default memory cap in 64 KiB pages (16 MiB).
	PluginMemoryPages = 256
	// PluginHostMemoryPages is the host-wide cap (64 MiB): no plugin may ask for more.
	PluginHostMemoryPages = 1024
	// maxPluginConfig bounds a plugin's configuration in a rules spec.
	maxPluginConfig = 64 << 10
)

// PluginConfig is the config of a plugin rule (KindPlugin) in a bundle's rules spec:
//
//	{"kind": "plugin", "name": "fresh", "config": {"fuel": 2000000, "policy": "skip"}}
//
// Its module is the bundle section "plugin." + the rule's name unless Section names another.
type PluginConfig struct {
	// Section is the bundle section holding the module (default "plugin." + the rule's name).
	Section string `json:"section,omitempty"`
	// Fuel is the per-call budget (default PluginFuel; at most the host's maximum, PluginMaxFuel).
	Fuel int64 `json:"fuel,omitempty"`
	// MemoryPages caps the plugin's memory in 64 KiB pages (default PluginMemoryPages; at most the host's).
	MemoryPages uint32 `json:"memory_pages,omitempty"`
	// Policy is what a failed call does: "skip" (default: the request goes on without the plugin) or
	// "fail" (the request fails).
	Policy string `json:"policy,omitempty"`
	// Config is passed to the plugin as its configuration bytes; ConfigF32, when set instead, as
	// little-endian float32 values (the example rules read their parameters so).
	Config    string    `json:"config,omitempty"`
	ConfigF32 []float32 `json:"config_f32,omitempty"`
}

// PluginRule is a plugin rule of a spec, decoded and checked: what a plugin host needs to load it.
type PluginRule struct {
	Name    string // the rule's name
	Section string // the bundle section holding its module
	// Fuel and MemoryPages are the config's (0: the host's default).
	Fuel        int64
	MemoryPages uint32
	// Fail is the policy "fail"; otherwise a failed call is skipped.
	Fail bool
	// Config is the plugin's configuration bytes.
	Config []byte
}

// ParsePluginRule decodes and checks the spec of a plugin rule; maxFuel bounds its fuel (0: PluginMaxFuel).
// Errors wrap ErrConfig.
func ParsePluginRule(rs RuleSpec, maxFuel int64) (PluginRule, error) {
	var c PluginConfig
	if len(rs.Config) > 0 {
		if err := strict(rs.Config, &c); err != nil {
			return PluginRule{}, fmtlite.Errorf("%w: plugin rule %q: config: %v", ErrConfig, rs.Name, err)
		}
	}
	r := PluginRule{Name: rs.Name, Section: c.Section, Fuel: c.Fuel, MemoryPages: c.MemoryPages}
	if r.Name == "" {
		r.Name = strings.TrimPrefix(r.Section, modelpack.SectionPluginPrefix)
	}
	if r.Name == "" {
		return PluginRule{}, fmtlite.Errorf("%w: plugin rule: give it a name (its module is section plugin.NAME)", ErrConfig)
	}
	if r.Section == "" {
		r.Section = modelpack.SectionPlugin(r.Name)
	}
	if err := c.check(&r, maxFuel); err != nil {
		return PluginRule{}, fmtlite.Errorf("%w: plugin rule %q: %w", ErrConfig, r.Name, err)
	}
	return r, nil
}

// ParsePluginPolicy reads "skip" (or "") and "fail": it reports whether the policy is fail.
func ParsePluginPolicy(s string) (fail bool, err error) {
	switch s {
	case "", "skip":
		return false, nil
	case "fail":
		return true, nil
	}
	return false, fmtlite.Errorf("plugin: policy %q: want skip or fail", s)
}

func (c PluginConfig) check(r *PluginRule, maxFuel int64) error {
	fail, err := ParsePluginPolicy(c.Policy)
	if err != nil {
		return err
	}
	r.Fail = fail
	if maxFuel <= 0 {
		maxFuel = PluginMaxFuel
	}
	switch {
	case c.Fuel < 0 || c.Fuel > maxFuel:
		return fmtlite.Errorf("plugin: fuel %d: want 0 (default %d) up to %d", c.Fuel, PluginFuel, maxFuel)
	case c.Config != "" && len(c.ConfigF32) > 0:
		return errors.New(`plugin: give "config" or "config_f32", not both`)
	case len(c.Config) > maxPluginConfig || 4*len(c.ConfigF32) > maxPluginConfig:
		return fmtlite.Errorf("plugin: config over %d bytes", maxPluginConfig)
	}
	if c.Config != "" {
		r.Config = []byte(c.Config)
	}
	for _, v := range c.ConfigF32 {
		b := math.Float32bits(v)
		r.Config = append(r.Config, byte(b), byte(b>>8), byte(b>>16), byte(b>>24))
	}
	return nil
}
