package runtime

import (
	"sync"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/modelpack"
)

// RulesFactory builds the reranker of a bundle's rules (the bytes of modelpack.SectionRulesSpec). It must
// return an error, never panic, on bad bytes: they come from a file.
type RulesFactory func(spec []byte) (Reranker, error)

// rulesFactory is the factory RegisterRules installed; guarded by rulesMu.
var (
	rulesMu      sync.RWMutex
	rulesFactory RulesFactory
)

// RegisterRules installs the factory that turns a bundle's rules section into a Reranker, as
// database/sql drivers register themselves: package rules calls it from its init, so a program that
// imports rules (even as `import _ "github.com/corerec/corerec/rules"`) opens bundles with rules. The
// runtime itself does not import rules, which keeps binaries without rules (the browser build) small.
// A later call replaces the factory; nil removes it. Options.Rules, when set, takes precedence.
func RegisterRules(f RulesFactory) {
	rulesMu.Lock()
	defer rulesMu.Unlock()
	rulesFactory = f
}

func registeredRules() RulesFactory {
	rulesMu.RLock()
	defer rulesMu.RUnlock()
	return rulesFactory
}

// loadRules builds the bundle's reranker, or returns nil when the bundle has no rules section.
func loadRules(b *modelpack.Bundle, opt Options) (Reranker, error) {
	if !b.Has(modelpack.SectionRulesSpec) || opt.SkipRules {
		return nil, nil
	}
	f := opt.Rules
	if f == nil {
		f = registeredRules()
	}
	if f == nil {
		return nil, fmtlite.Errorf("%w: the bundle has rules (section %q) but no rules factory is registered: "+
			"import _ \"github.com/corerec/corerec/rules\", set Options.Rules, or set Options.SkipRules",
			ErrBundle, modelpack.SectionRulesSpec)
	}
	raw, _, err := b.Raw(modelpack.SectionRulesSpec)
	if err != nil {
		return nil, bundleError(err)
	}
	r, err := f(raw)
	if err != nil {
		return nil, fmtlite.Errorf("%w: section %q: %w", ErrBundle, modelpack.SectionRulesSpec, err)
	}
	return r, nil
}
