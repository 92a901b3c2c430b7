// Package pluginhost runs a bundle's reranking plugins — WebAssembly modules speaking the ABI of
// rules/ABI.md — on a WebAssembly engine it does not contain: in the browser build, the page's own, through
// corerec.js. It is rules/plugin (the wazero host) for a build that must never contain wazero.
//
// # Basics
//
//	b, err := pluginhost.OpenBytes(engine, bundleBytes, runtime.Options{}) // engine: NewJSEngine(obj) in the browser
//	defer b.Close()
//	res, err := b.Recommend(ctx, req)
//
// Each plugin rule of the bundle's rules spec loads as natively, through the same code (rules/plugin/prep):
// the module is checked (ABI marker and exports, imports — corerec.log only —, manifest, limits), metered with rules/plugin/meter (the same fuel
// per call, init fuel and stack budget), its memory maximum capped at the granted pages (so the engine
// refuses to grow it further), and compiled and instantiated by the Engine. Calls go through rules/abi's
// input and output encoding and checks; corerec.log costs the same fuel as natively.
//
// # Failures
//
// Exhausted fuel and the stack budget trap inside the plugin (the metering's unreachable), so a runaway
// plugin stops after the same amount of work as natively, never hangs the page; an engine exception
// (including the engine's own stack overflow) is caught by the Engine and reported as a trap. A failed
// call discards the instance and, by the rule's policy, leaves the candidates unchanged (skip) or fails
// the request with a *prep.Error whose text is rules/plugin's. An instance that has grown to 3/4 of its
// memory cap is discarded after its call, as natively. The errors are rules/plugin/prep's sentinels
// (prep.ErrFuel, prep.ErrTrap, ...), the very values rules/plugin re-exports (plugin.ErrFuel is
// prep.ErrFuel), so errors.Is and errors.As hold across both hosts.
//
// The one difference from rules/plugin: no WASI. A plugin that imports it (Go's runtime does) is refused
// with prep.ErrImport; AssemblyScript and hand-written plugins need none. TestSameAsWazeroHost runs every
// committed plugin (hostile fixtures and examples) on both hosts and requires the same loads, candidates
// and error texts.
//
// # Concurrency
//
// A Plugin runs one call at a time (a mutex; the browser's calls arrive one at a time anyway); a Bundle
// is safe for concurrent use as runtime.Engine is. Close must not race with calls.
package pluginhost
