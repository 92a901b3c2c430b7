package rules

import (
	"sync"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/strictjson"
	"github.com/corerec/corerec/runtime"
)

// Rule kinds of a chain spec (ChainSpec, RuleSpec.Kind).
const (
	KindBlocklist = "blocklist"
	KindFilter    = "filter"
	KindPin       = "pin"
	KindDiversity = "diversity"
	KindMMR       = "mmr"
	KindFairness  = "fairness"
	KindBoost     = "boost"
	KindFreshness = "freshness"
	// KindPlugin is a WebAssembly plugin whose module is a section of the bundle. Package rules/plugin
	// registers it (RegisterKind); this package only knows its name.
	KindPlugin = "plugin"
)

// maxSpecRules bounds the rules of a chain spec read from a bundle.
const maxSpecRules = 256

// ChainSpec is a Chain as JSON, the format of a bundle's rules section (modelpack.SectionRulesSpec):
//
//	{"rules": [
//	  {"kind": "blocklist", "config": {"block": {"items": ["x"]}}},
//	  {"kind": "freshness", "config": {"weight": 0.3, "half_life": "72h"}},
//	  {"kind": "diversity", "name": "div", "config": {"max_per_group": 2}},
//	  {"kind": "boost", "name": "promo", "off": true, "config": {"match": {"tags": ["promo"]}, "add": 1}}
//	]}
//
// The order of the list matters only within a precedence class (see Chain).
type ChainSpec struct {
	Rules []RuleSpec `json:"rules"`
}

// RuleSpec is one rule of a ChainSpec.
type RuleSpec struct {
	// Kind is the rule's kind: KindBlocklist, KindFilter, KindPin, KindDiversity, KindMMR, KindFairness,
	// KindBoost, KindFreshness, or a registered kind (RegisterKind: KindPlugin with rules/plugin).
	Kind string `json:"kind"`
	// Name names the rule in traces and for per-request switches; default the config's name, else the
	// kind. Names must be unique within a spec.
	Name string `json:"name,omitempty"`
	// Off makes the rule off unless a request turns it on (runtime.PipelineOverride.Rules).
	Off bool `json:"off,omitempty"`
	// Config is the rule's config (BlocklistConfig, FilterConfig, ...), decoded strictly.
	Config RawConfig `json:"config,omitempty"`
}

// RawConfig is a rule's config as raw JSON, kept as it was read and written back as it is, like
// json.RawMessage (which would link encoding/json into the browser build).
type RawConfig []byte

// MarshalJSON returns the config as it is ("null" when empty).
func (m RawConfig) MarshalJSON() ([]byte, error) {
	if m == nil {
		return []byte("null"), nil
	}
	return m, nil
}

// UnmarshalJSON keeps a copy of the value's JSON.
func (m *RawConfig) UnmarshalJSON(data []byte) error {
	*m = append((*m)[:0], data...)
	return nil
}

// ParseChain decodes a ChainSpec (unknown keys are rejected at every level) and builds its Chain. Errors
// wrap ErrConfig. Rules of registered kinds (RegisterKind) get an empty Env: use ParseChainEnv for rules
// whose data lives in the bundle (plugins).
func ParseChain(spec []byte) (*Chain, error) { return ParseChainEnv(spec, Env{}) }

// ParseChainEnv is ParseChain for a spec read from a bundle: rules of registered kinds (RegisterKind) and
// of env.Kinds get env, through which they read the bundle's sections.
func ParseChainEnv(spec []byte, env Env) (*Chain, error) {
	var cs ChainSpec
	if err := strict(spec, &cs); err != nil {
		return nil, fmtlite.Errorf("%w: chain spec: %w", ErrConfig, err)
	}
	if len(cs.Rules) > maxSpecRules {
		return nil, configError("chain", "%d rules (at most %d)", len(cs.Rules), maxSpecRules)
	}
	rules := make([]Rule, 0, len(cs.Rules))
	off := map[string]bool{}
	seen := map[string]bool{}
	for k, rs := range cs.Rules {
		r, err := rs.build(env)
		if err != nil {
			return nil, fmtlite.Errorf("rule %d: %w", k, err)
		}
		if seen[r.Name()] {
			return nil, configError(rs.Kind, "rule %d: name %q is used twice", k, r.Name())
		}
		seen[r.Name()] = true
		if rs.Off {
			off[r.Name()] = true
		}
		rules = append(rules, r)
	}
	c := NewChain(rules...)
	if len(off) > 0 {
		c.off = off
	}
	return c, nil
}

// strict decodes data into v (a config or spec type of this package, which all have a decode method) as
// encoding/json's Decoder with DisallowUnknownFields would, rejecting trailing data (strictjson: the
// browser build has no room for encoding/json).
func strict(data []byte, v interface {
	decode(*strictjson.Decoder) error
}) error {
	return strictjson.Decode(data, v.decode)
}

// build decodes the config of one rule and builds it, with the spec's name.
func (rs RuleSpec) build(env Env) (Rule, error) {
	cfg := rs.Config
	if len(cfg) == 0 {
		cfg = []byte("{}")
	}
	// One case per kind, not a generic helper: its instantiations (one per kind) cost the browser build
	// 4.8 KB gzip.
	var r Rule
	var err error
	switch rs.Kind {
	case KindBlocklist:
		var c BlocklistConfig
		if err = rs.decodeConfig(cfg, &c, &c.Name); err == nil {
			r = NewBlocklist(c)
		}
	case KindFilter:
		var c FilterConfig
		if err = rs.decodeConfig(cfg, &c, &c.Name); err == nil {
			r, err = NewFilter(c)
		}
	case KindPin:
		var c PinConfig
		if err = rs.decodeConfig(cfg, &c, &c.Name); err == nil {
			r, err = NewPin(c)
		}
	case KindDiversity:
		var c DiversityConfig
		if err = rs.decodeConfig(cfg, &c, &c.Name); err == nil {
			r, err = NewDiversity(c)
		}
	case KindMMR:
		var c MMRConfig
		if err = rs.decodeConfig(cfg, &c, &c.Name); err == nil {
			r, err = NewMMR(c)
		}
	case KindFairness:
		var c FairnessConfig
		if err = rs.decodeConfig(cfg, &c, &c.Name); err == nil {
			r, err = NewFairness(c)
		}
	case KindBoost:
		var c BoostConfig
		if err = rs.decodeConfig(cfg, &c, &c.Name); err == nil {
			r, err = NewBoost(c)
		}
	case KindFreshness:
		var c FreshnessConfig
		if err = rs.decodeConfig(cfg, &c, &c.Name); err == nil {
			r, err = NewFreshness(c)
		}
	default:
		return rs.buildRegistered(env)
	}
	if err != nil {
		return nil, err // r may hold a typed nil
	}
	return r, nil
}

// decodeConfig decodes the config cfg of a built-in kind into v and sets its name (*name) when the spec
// gives one.
func (rs RuleSpec) decodeConfig(cfg []byte, v interface {
	decode(*strictjson.Decoder) error
}, name *string) error {
	if err := strict(cfg, v); err != nil {
		return configError(rs.Kind, "config: %v", err)
	}
	if rs.Name != "" {
		*name = rs.Name
	}
	return nil
}

// buildRegistered builds a rule of a registered kind (RegisterKind, Env.Kinds).
func (rs RuleSpec) buildRegistered(env Env) (Rule, error) {
	if f := env.kind(rs.Kind); f != nil {
		r, err := f(rs, env)
		if err != nil {
			return nil, err
		}
		if r == nil {
			return nil, configError(rs.Kind, "the kind's factory returned no rule")
		}
		return r, nil
	}
	return nil, configError("chain", "unknown rule kind %q", rs.Kind)
}

// KindFactory builds a rule of a kind the built-ins do not cover (RegisterKind, Env.Kinds) from its spec
// (name, config) and the env of the parse. It must return an error, never panic, on a bad config or
// section: both come from a file.
type KindFactory func(rs RuleSpec, env Env) (Rule, error)

// Env is what ParseChainEnv gives the factories of registered kinds.
type Env struct {
	// Section returns the bytes of a section of the bundle the spec comes from (read in place: do not
	// modify them). Nil when the spec comes from no bundle.
	Section func(name string) ([]byte, error)
	// Kinds adds rule kinds for this parse; they take precedence over the registered ones of the same
	// name (a program passes a plugin host's factory here, so the plugins it loads are its own to close).
	Kinds map[string]KindFactory
}

func (env Env) kind(name string) KindFactory {
	if f := env.Kinds[name]; f != nil {
		return f
	}
	kindsMu.RLock()
	defer kindsMu.RUnlock()
	return kinds[name]
}

// kinds are the registered rule kinds; guarded by kindsMu.
var (
	kindsMu sync.RWMutex
	kinds   = map[string]KindFactory{}
)

// RegisterKind makes ParseChainEnv (and ParseChain) build rules of kind with f, as database/sql drivers
// register themselves: package rules/plugin registers KindPlugin from its init, so this package never
// imports the plugin host (and binaries without plugins never link wazero). The built-in kinds cannot be
// replaced: RegisterKind panics on one of them (a programming error). A later call for the same kind
// replaces the factory; nil removes it.
func RegisterKind(kind string, f KindFactory) {
	switch kind {
	case KindBlocklist, KindFilter, KindPin, KindDiversity, KindMMR, KindFairness, KindBoost, KindFreshness, "":
		panic(fmtlite.Sprintf("rules: RegisterKind(%q): a built-in kind", kind))
	}
	kindsMu.Lock()
	defer kindsMu.Unlock()
	if f == nil {
		delete(kinds, kind)
		return
	}
	kinds[kind] = f
}

// init registers ParseChain as the runtime's rules factory, so that importing this package lets
// runtime.Open use a bundle's rules section.
func init() {
	runtime.RegisterRules(func(spec []byte) (runtime.Reranker, error) { return ParseChain(spec) })
}
