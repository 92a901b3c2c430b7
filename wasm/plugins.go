//go:build js && wasm

package main

import (
	"syscall/js"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/pluginhost"
)

// Rule plugins: a bundle's plugin rules run on the page's own WebAssembly engine (wasm/pluginhost over
// corerec.js's pluginEngine). They are in every browser build since the runtime links no fmt
// (BENCHMARKS.md, "Browser build without fmt"); the former tag corerec_plugins is ignored.

// init makes a plugin bundle opened without corerec.js's plugin engine fail with a message that says why.
func init() {
	rules.RegisterKind(rules.KindPlugin, func(rs rules.RuleSpec, _ rules.Env) (rules.Rule, error) {
		return nil, fmtlite.Errorf("%w: plugin rule %q: plugins run on the page's WebAssembly engine, which corerec.js passes to open", rules.ErrConfig, rs.Name)
	})
}

// openBundle opens the bundle; its plugin rules load on engine when corerec.js passed one.
func openBundle(data []byte, opt runtime.Options, engine js.Value) (*runtime.Engine, func(), error) {
	if engine.Type() != js.TypeObject {
		eng, err := runtime.OpenBytes(data, opt)
		if err != nil {
			return nil, nil, err
		}
		return eng, func() { eng.Close() }, nil
	}
	b, err := pluginhost.OpenBytes(pluginhost.NewJSEngine(engine), data, opt)
	if err != nil {
		return nil, nil, err
	}
	return b.Engine, func() { b.Close() }, nil
}
