//go:build js && wasm

package main

import (
	"fmt"

	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/runtime"
)

// refusePluginRules registers the plugin rule kind for bundles opened without a plugin host: such a
// bundle fails to open with an error saying why (why follows the rule's name).
func refusePluginRules(why string) {
	rules.RegisterKind(rules.KindPlugin, func(rs rules.RuleSpec, _ rules.Env) (rules.Rule, error) {
		return nil, fmt.Errorf("%w: plugin rule %q: %s", rules.ErrConfig, rs.Name, why)
	})
}

// openPlain opens a bundle whose rules run no plugins.
func openPlain(data []byte, opt runtime.Options) (*runtime.Engine, func(), error) {
	eng, err := runtime.OpenBytes(data, opt)
	if err != nil {
		return nil, nil, err
	}
	return eng, func() { eng.Close() }, nil
}
