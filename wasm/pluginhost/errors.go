package pluginhost

import "github.com/corerec/corerec/rules/plugin/prep"

// Errors of loading and calling plugins: rules/plugin/prep's, the very sentinels rules/plugin (the wazero
// host) returns, so that a failure reads the same in the browser as natively and errors.Is holds across
// both hosts. They arrive wrapped in an *Error that names the plugin.
var (
	// ErrNotPlugin: the module is not a CoreRec plugin (not WebAssembly, no ABI marker, an export missing).
	ErrNotPlugin = prep.ErrNotPlugin
	// ErrVersion: the module speaks another ABI version than this host.
	ErrVersion = prep.ErrVersion
	// ErrImport: the module imports something the host does not offer it (in the browser: WASI too).
	ErrImport = prep.ErrImport
	// ErrLimits: the module needs more than the host grants (size, memory, fuel asked in the manifest).
	ErrLimits = prep.ErrLimits
	// ErrModule: the module uses features plugins may not use, or the engine refused it.
	ErrModule = prep.ErrModule
	// ErrInit: instantiation failed (the start function or _initialize trapped or ran out of init fuel).
	ErrInit = prep.ErrInit
	// ErrFuel: a call ran out of fuel.
	ErrFuel = prep.ErrFuel
	// ErrTrap: a call trapped (unreachable, out-of-bounds access, stack overflow, ...).
	ErrTrap = prep.ErrTrap
	// ErrOutput: a call returned an output that breaks the ABI.
	ErrOutput = prep.ErrOutput
	// ErrFailed: the plugin reported failure (corerec_rerank or corerec_alloc returned 0).
	ErrFailed = prep.ErrFailed
	// ErrClosed: the plugin was closed.
	ErrClosed = prep.ErrClosed
)

// Error is a plugin failure: which plugin (Plugin), and what went wrong (Err, wrapping one of the
// sentinels above). It is rules/plugin.Error.
type Error = prep.Error

var wrap = prep.Wrap
