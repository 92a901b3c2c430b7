package pluginhost

// Engine compiles and instantiates metered plugin modules: in the browser, the page's own WebAssembly
// engine through corerec.js (NewJSEngine); in tests, any engine (a fake over wazero). The host hands it
// only modules it checked and metered, and calls them only through Instance.
type Engine interface {
	// Compile compiles a metered module; an error means the engine refused it.
	Compile(wasm []byte) (Module, error)
}

// Module is a compiled plugin.
type Module interface {
	// Instantiate makes an instance with the ABI's one host function (corerec.log, which costs LogFuel of
	// the fuel global per call and otherwise does nothing). It runs the start function, if any; trap is
	// the engine's message when that trapped ("" otherwise), err a failure of the engine itself.
	Instantiate() (inst Instance, trap string, err error)
	// Close releases the compiled code.
	Close()
}

// Budget is what Instance.Call sets the metering globals to before a call.
type Budget struct {
	Fuel  int64 // the fuel global (corerec_fuel)
	Stack int32 // the stack budget global (corerec_stack)
}

// Result is the outcome of Instance.Call.
type Result struct {
	// Value is the function's i32 result (0 for none).
	Value uint32
	// Fuel and Stack are the metering globals after the call: negative when it ran out.
	Fuel  int64
	Stack int32
	// Pages is the memory size after the call, in 64 KiB pages.
	Pages uint32
	// Trap is the engine's message when the call trapped; "" when it returned.
	Trap string
	// StackOverflow says the engine's own stack ran out (a browser's is far smaller than the budget).
	StackOverflow bool
}

// Instance is one instantiation of a plugin. One call at a time.
type Instance interface {
	// Call sets the metering globals to b (unless b is nil), calls the exported function fn with args and
	// reads the globals and the memory size back. A trap is reported in Result, never as a panic.
	Call(fn string, b *Budget, args ...uint32) Result
	// Read copies n bytes of the instance's memory at ptr into dst[:n] (dst grows as needed); false when
	// the range is outside the memory.
	Read(dst []byte, ptr, n uint32) ([]byte, bool)
	// Write copies b into the instance's memory at ptr; false when it does not fit.
	Write(ptr uint32, b []byte) bool
	// Close releases the instance and its memory.
	Close()
}

// LogFuel is what one corerec.log call costs: rules/plugin's logFuel, so that spamming the log runs out
// of fuel alike on both hosts.
const LogFuel = 10_000
