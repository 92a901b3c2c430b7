// Package prep is the engine-free half of every plugin host: what rules/plugin (on wazero) and
// wasm/pluginhost (on the browser's WebAssembly engine) both do with a plugin before and around its
// engine, written once so that the two hosts cannot drift apart. It never imports wazero, so the browser
// build links it.
//
// # Basics
//
//	m, err := prep.Prepare("fresh", wasm, prep.Limits{MaxModuleBytes: 16 << 20, MemoryPages: 1024}, prep.Options{})
//	// compile m.Bin on the host's engine; m.Info holds the manifest and the limits granted
//	in := prep.NewInput(m.Info.Manifest)
//	h, err := in.Fill(&buf, rerankInput, candidates) // then abi.EncodeInput(mem, h, buf.Records, buf.Embeddings)
//
// Prepare holds the security checks of a plugin module, each once: its size, the WebAssembly features the
// meter accepts (rules/plugin/meter), the manifest, the ABI marker and exports, the import allow-list
// (corerec.log, and a WASI subset for plugins whose manifest asks on hosts that offer it), the limits
// the manifest asks for against the host's (Limits) and the plugin's (Options); then it meters the
// module. Input builds a call's records from a request (hashing catalog strings once per catalog with
// Hashes); Output checks and applies a call's output block. Loader and Bundle open a bundle whose rules spec holds plugin rules, loading each plugin on the
// host that gives them a Load function.
//
// # Errors
//
// The error sentinels (ErrNotPlugin, ErrLimits, ...) and *Error live here; rules/plugin re-exports them
// under the same names (plugin.ErrFuel is prep.ErrFuel) and wasm/pluginhost returns them as they are, so
// errors.Is and errors.As hold across hosts and messages read alike ("plugin \"fresh\": over the host's
// limits: ..."). Output and Info's FuelError and StackError word the failures of calls.
//
// # Concurrency
//
// Prepare and NewInput are pure functions. Hashes is safe for concurrent use. An Input is read-only once
// set up and may serve concurrent calls, each with its own Buffers. A Loader opens one bundle, on one
// goroutine; a Bundle is safe for concurrent use as runtime.Engine is, and Close must not race with
// requests.
package prep
