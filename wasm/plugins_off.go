//go:build js && wasm && !corerec_plugins

package main

import (
	"syscall/js"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/runtime"
)

// init makes a bundle with plugin rules fail to open with a message that says why: this build leaves
// out the plugin host and its metering (they take the runtime over its 1.2 MB gzip budget; BENCHMARKS.md).
func init() {
	rules.RegisterKind(rules.KindPlugin, func(rs rules.RuleSpec, _ rules.Env) (rules.Rule, error) {
		return nil, fmtlite.Errorf("%w: plugin rule %q: this runtime is built without rule plugins (build it with -tags corerec_plugins: wasm/build.sh OUT -tags corerec_plugins)", rules.ErrConfig, rs.Name)
	})
}

// openBundle opens the bundle (no plugins in this build: corerec.js's plugin engine goes unused).
func openBundle(data []byte, opt runtime.Options, _ js.Value) (*runtime.Engine, func(), error) {
	eng, err := runtime.OpenBytes(data, opt)
	if err != nil {
		return nil, nil, err
	}
	return eng, func() { eng.Close() }, nil
}
