// Package plugin runs reranking plugins — WebAssembly modules that speak the ABI of rules/ABI.md — in a
// sandbox on wazero, as a runtime.Reranker.
//
// # Basics
//
//	host, err := plugin.NewHost(ctx, plugin.HostConfig{})
//	defer host.Close(ctx)
//	p, err := host.Load(ctx, "fresh", wasmBytes, plugin.Options{Policy: plugin.Fail})
//	kept, err := p.Rerank(ctx, &runtime.RerankInput{K: 10, Now: now, Catalog: cat}, candidates)
//
// Load checks the module before any of its code runs: the ABI marker and exports, an import allow-list
// (corerec.log for everyone; a WASI subset only for plugins whose manifest asks, never files, sockets or a
// real clock), the manifest's requested limits against the host's. It then meters the module (package
// meter: a fuel counter charged at every function entry and loop header), caps its memory, compiles it once,
// and keeps a pool of instances. Every call gets a fresh fuel budget; its output is checked in full
// (positions in range, no repeats, finite scores) before the candidates change. Everything here that needs
// no engine — the checks, metering call, errors, Info, input records, output checks, bundle loading — is
// rules/plugin/prep's, which the browser's plugin host (wasm/pluginhost) runs too.
//
// # Failures
//
// A trap, exhausted fuel, an invalid output or a refused allocation discards the instance — its memory goes
// with it — and, by Options.Policy, either leaves the candidates as they were (Skip) or fails the request
// with an *Error naming the plugin and the reason in words a plugin author can act on (Fail). The host
// never panics because of a plugin; engine panics are recovered at this trust boundary.
//
// # Rules after plugins
//
// The host knows nothing of blocklists or pinned items. The pipeline that chains rerankers (package rules)
// re-applies those must-hold rules after the last plugin: a plugin can reorder and filter, never resurrect
// a denied item or move a pinned one.
//
// # Plugins in bundles
//
// A bundle carries a plugin as a byte section (modelpack.SectionPlugin(name), "plugin.NAME") and runs it
// through a rule of kind "plugin" in its rules spec, whose config (RuleConfig) sets the fuel, memory and
// policy. Host.NewEngine (or OpenEngine) opens such a bundle: it gives rules.ParseChainEnv the bundle's
// sections and a factory of the plugin kind that loads each plugin on the host, wrapped as a
// rules.Custom rule, so the Chain re-applies blocklists, filters and pins after it. The returned Engine
// owns the plugins and releases them on Close. This package also registers the kind with
// rules.RegisterKind, so a spec naming a plugin parsed without a host fails with a message saying how to
// open it. WithCalls lets a server see, per request, which plugin calls failed (under Skip nothing else in
// the answer shows it); Reason names a failure in one word for metrics.
//
// # Concurrency
//
// A Host and its Plugins are safe for concurrent use. A Plugin runs at most Options.Instances calls at
// once; each instance serves one call at a time. Close must not race with calls.
package plugin
