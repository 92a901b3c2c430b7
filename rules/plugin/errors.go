package plugin

import "github.com/corerec/corerec/rules/plugin/prep"

// Errors of loading and calling plugins: rules/plugin/prep's, shared with every plugin host (the browser's
// too), so errors.Is holds across them. They arrive wrapped in an *Error that names the plugin; test with
// errors.Is.
var (
	// ErrNotPlugin: the module is not a CoreRec plugin (not WebAssembly, no ABI marker, a required export
	// missing or of the wrong type).
	ErrNotPlugin = prep.ErrNotPlugin
	// ErrVersion: the module speaks another ABI version than this host.
	ErrVersion = prep.ErrVersion
	// ErrImport: the module imports something the host does not offer it.
	ErrImport = prep.ErrImport
	// ErrLimits: the module needs more than the host grants (size, memory, fuel asked in the manifest).
	ErrLimits = prep.ErrLimits
	// ErrModule: the module uses features plugins may not use, or the engine refused it.
	ErrModule = prep.ErrModule
	// ErrInit: instantiation failed (the start function or _initialize trapped or ran out of init fuel).
	ErrInit = prep.ErrInit
	// ErrFuel: a call ran out of fuel.
	ErrFuel = prep.ErrFuel
	// ErrTrap: a call trapped (unreachable, out-of-bounds access, stack overflow, division by zero, ...),
	// exited, or was interrupted.
	ErrTrap = prep.ErrTrap
	// ErrOutput: a call returned an output that breaks the ABI (see rules/abi.ErrOutput).
	ErrOutput = prep.ErrOutput
	// ErrFailed: the plugin reported failure (corerec_rerank returned 0, or corerec_alloc did).
	ErrFailed = prep.ErrFailed
	// ErrClosed: the plugin or its host was closed.
	ErrClosed = prep.ErrClosed
)

// Error is a plugin failure: which plugin (Plugin), and what went wrong (Err, wrapping one of the
// sentinels above with the details).
type Error = prep.Error

var wrap = prep.Wrap
