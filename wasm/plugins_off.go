//go:build js && wasm && !corerec_plugins

package main

import (
	"syscall/js"

	"github.com/corerec/corerec/runtime"
)

// init makes a bundle with plugin rules fail to open with a message that says why: this build leaves
// out the plugin host and its metering (they take the runtime over its 1.2 MB gzip budget; BENCHMARKS.md).
func init() {
	refusePluginRules("this runtime is built without rule plugins (build it with -tags corerec_plugins: wasm/build.sh OUT -tags corerec_plugins)")
}

// openBundle opens the bundle (no plugins in this build: corerec.js's plugin engine goes unused).
func openBundle(data []byte, opt runtime.Options, _ js.Value) (*runtime.Engine, func(), error) {
	return openPlain(data, opt)
}
