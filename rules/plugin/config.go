package plugin

import (
	"time"

	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/rules/abi"
	"github.com/tetratelabs/wazero"
)

// Defaults of HostConfig and Options.
const (
	// DefaultFuel is the per-call budget: 1–5 ms of runaway code on the benchmark machine (13 ms for the
	// memory-bound worst case), 2.5× what the costliest example rule needs for 1,000 candidates (a Go plugin
	// sorting them: 8 million). See BENCHMARKS.md, "Reranking plugins".
	DefaultFuel = rules.PluginFuel
	// DefaultInitFuel is the instantiation budget: Go's runtime initialisation takes about 4.3 million.
	DefaultInitFuel = rules.PluginInitFuel
	// DefaultMemoryPages is a plugin's memory cap in 64 KiB pages (16 MiB).
	DefaultMemoryPages = rules.PluginMemoryPages
	// DefaultHostMemoryPages is the host-wide cap (64 MiB): no plugin's manifest may ask for more.
	DefaultHostMemoryPages = rules.PluginHostMemoryPages
	// DefaultMaxModuleBytes bounds a plugin's module size.
	DefaultMaxModuleBytes = 16 << 20
	// DefaultTimeout is the per-call deadline under InterruptContext.
	DefaultTimeout = 50 * time.Millisecond
	// Log bounds per call: messages passed on, and bytes of each.
	maxLogMessages = 16
	maxLogBytes    = 256
	// logFuel is what one corerec.log call costs, passed on or not: about the time of a host call, in the
	// fuel of the cheapest loop (BENCHMARKS.md, "Plugins").
	logFuel = 10_000
)

// Interrupt selects how a host stops runaway guest code.
type Interrupt int

const (
	// InterruptFuel meters every plugin (the default): a deterministic instruction budget per call.
	InterruptFuel Interrupt = iota
	// InterruptContext uses wazero's WithCloseOnContextDone and a per-call deadline (HostConfig.Timeout)
	// instead. It is slower and a loop-free recursive call tree escapes it: it exists to measure that.
	InterruptContext
	// InterruptNone runs plugins unmetered and uninterruptible: for trusted code and for measuring the cost
	// of metering, never for plugins from elsewhere.
	InterruptNone
)

func (i Interrupt) String() string {
	switch i {
	case InterruptFuel:
		return "fuel"
	case InterruptContext:
		return "context"
	case InterruptNone:
		return "none"
	}
	return "unknown"
}

// HostConfig configures a Host. The zero value works.
type HostConfig struct {
	// MemoryPages is the most 64 KiB pages any plugin may have (default DefaultHostMemoryPages). A plugin
	// whose manifest asks for more is refused at load.
	MemoryPages uint32
	// MaxModuleBytes bounds module size (default DefaultMaxModuleBytes).
	MaxModuleBytes int
	// Interpreter forces wazero's interpreter. By default the compiler runs where wazero supports it
	// (amd64, arm64) and the interpreter elsewhere.
	Interpreter bool
	// Interrupt selects fuel metering (default) or one of the alternatives kept for measurement.
	Interrupt Interrupt
	// Timeout is the per-call deadline under InterruptContext (default DefaultTimeout); unused otherwise.
	Timeout time.Duration
	// Cache, when set, is a compilation cache shared with other hosts (wazero.NewCompilationCache, or
	// wazero.NewCompilationCacheWithDir to keep compiled code across restarts): a plugin loaded by several
	// hosts compiles once. Nil gives the host an in-memory cache of its own, so that loading a plugin
	// again (other options, a reload) does not compile it again.
	Cache wazero.CompilationCache
	// Log receives the messages plugins log (bounded per call: 16 messages of 256 bytes) and their stdout
	// and stderr under WASI. Nil discards them.
	Log func(plugin, msg string)
}

func (c HostConfig) withDefaults() HostConfig {
	if c.MemoryPages == 0 {
		c.MemoryPages = DefaultHostMemoryPages
	}
	if c.MaxModuleBytes <= 0 {
		c.MaxModuleBytes = DefaultMaxModuleBytes
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	return c
}

// Policy says what a failed plugin call does to the request.
type Policy int

const (
	// Skip continues the request with the candidates as the plugin received them (the default); the
	// failure reaches Options.OnCall and the host's Log.
	Skip Policy = iota
	// Fail fails the request with the plugin's *Error.
	Fail
)

// Options configure one plugin. The zero value works; the plugin's manifest may lower the limits (never
// raise them past the host's).
type Options struct {
	// Fuel is the per-call instruction budget (default DefaultFuel, or the manifest's "fuel"). A manifest
	// asking for more than Fuel (when set) is refused.
	Fuel int64
	// InitFuel is the budget of instantiation: start function and _initialize (default DefaultInitFuel).
	InitFuel int64
	// Stack is the call-stack budget in 8-byte slots: a call frame takes 8 plus its parameters and locals
	// while it runs (default meter.DefaultStack, 2^18: at least 10,000 nested calls, about 2.5 MiB of
	// engine stack). Recursion deeper than that traps.
	Stack int32
	// MemoryPages caps the plugin's memory (default: the manifest's "memory_pages", else
	// DefaultMemoryPages, never above HostConfig.MemoryPages).
	MemoryPages uint32
	// RecyclePages: an instance whose memory has grown to this many pages is discarded after its call
	// instead of pooled, so one greedy call does not pin its memory (default: three quarters of the cap).
	RecyclePages uint32
	// Instances bounds the pool of instances, which is also the number of concurrent calls (default
	// GOMAXPROCS). Further calls wait for an instance.
	Instances int
	// Policy is what a failed call does (default Skip).
	Policy Policy
	// Attributes fills a candidate's numeric attributes (ABI.md: attribute 0 is a price). Nil sends zeros.
	Attributes func(item int32, attrs *[abi.NumAttrs]float32)
	// Config is passed to the plugin as its opaque configuration bytes.
	Config []byte
	// OnCall observes every call (successful or not) with its fuel, time and logs. It runs on the calling
	// goroutine and must be safe for concurrent use.
	OnCall func(Call)
}

// Call describes one plugin call, for Options.OnCall.
type Call struct {
	// Plugin is the plugin's name.
	Plugin string
	// In and Out count the candidates passed and returned (Out = In when the call failed and was skipped).
	In, Out int
	// Fuel is the fuel the call used (0 unless metered); Budget the fuel it had.
	Fuel, Budget int64
	// Duration is the call's wall time, encoding and checking included.
	Duration time.Duration
	// Logs are the messages the plugin logged during the call (bounded), Dropped the ones beyond the bound.
	Logs    []string
	Dropped int
	// Err is the failure (nil on success); with Policy Skip the request went on without the plugin.
	Err error
}
