package prep

import (
	"errors"
	"strings"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Errors of loading and calling plugins, on any host (rules/plugin re-exports them). They arrive wrapped
// in an *Error that names the plugin; test with errors.Is.
var (
	// ErrNotPlugin: the module is not a CoreRec plugin (not WebAssembly, no ABI marker, a required export
	// missing or of the wrong type).
	ErrNotPlugin = errors.New("plugin: not a CoreRec plugin")
	// ErrVersion: the module speaks another ABI version than this host.
	ErrVersion = errors.New("plugin: unsupported ABI version")
	// ErrImport: the module imports something the host does not offer it (on a host without WASI: WASI).
	ErrImport = errors.New("plugin: forbidden import")
	// ErrLimits: the module needs more than the host grants (size, memory, fuel asked in the manifest).
	ErrLimits = errors.New("plugin: over the host's limits")
	// ErrModule: the module uses features plugins may not use, or the engine refused it.
	ErrModule = errors.New("plugin: unusable module")
	// ErrInit: instantiation failed (the start function or _initialize trapped or ran out of init fuel).
	ErrInit = errors.New("plugin: initialisation failed")
	// ErrFuel: a call ran out of fuel.
	ErrFuel = errors.New("plugin: out of fuel")
	// ErrTrap: a call trapped (unreachable, out-of-bounds access, stack overflow, division by zero, ...),
	// exited, or was interrupted.
	ErrTrap = errors.New("plugin: trapped")
	// ErrOutput: a call returned an output that breaks the ABI (see rules/abi.ErrOutput).
	ErrOutput = errors.New("plugin: invalid output")
	// ErrFailed: the plugin reported failure (corerec_rerank returned 0, or corerec_alloc did).
	ErrFailed = errors.New("plugin: the plugin reported failure")
	// ErrClosed: the plugin or its host was closed.
	ErrClosed = errors.New("plugin: closed")
)

// Error is a plugin failure: which plugin, and what went wrong.
type Error struct {
	// Plugin is the plugin's name.
	Plugin string
	// Err wraps one of the sentinels above with the details.
	Err error
}

func (e *Error) Error() string {
	return fmtlite.Sprintf("plugin %q: %s", e.Plugin, strings.TrimPrefix(e.Err.Error(), "plugin: "))
}

// Unwrap returns the wrapped error.
func (e *Error) Unwrap() error { return e.Err }

// Wrap is the *Error of plugin name: sentinel with the formatted details.
func Wrap(name string, sentinel error, format string, a ...any) *Error {
	return &Error{Plugin: name, Err: fmtlite.Errorf("%w: %s", sentinel, fmtlite.Sprintf(format, a...))}
}
