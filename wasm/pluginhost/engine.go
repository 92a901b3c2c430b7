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
	// Rerank runs one ABI call in one step (see RerankCall); engines where each of Call, Read and Write
	// is costly (the browser's: a crossing into JavaScript each) do it in one crossing, others may use
	// StepRerank.
	Rerank(c *RerankCall)
	// Close releases the instance and its memory.
	Close()
}

// RerankCall is one ABI call: with the globals set to Budget, call corerec_alloc(len(In)); if it returns
// a pointer with room for In in the memory, copy In there, set the stack global to Budget.Stack again and
// call corerec_rerank(ptr, len(In)) (the fuel goes on from what alloc left); if that returns, copy the
// memory from its result into Out, up to len(Out) bytes or the memory's end.
type RerankCall struct {
	Budget Budget
	In     []byte
	Out    []byte // its capacity: the largest output block the call may return
	// Alloc is the outcome of corerec_alloc; Rerank the outcome of corerec_rerank, when Ran.
	Alloc, Rerank Result
	Ran           bool
	// Copied is how many bytes of Out hold the memory at Rerank.Value (0 when that is 0).
	Copied int
}

// StepRerank runs c on inst with Call, Write and Read.
func StepRerank(inst Instance, c *RerankCall) {
	size := uint32(len(c.In))
	c.Alloc = inst.Call("corerec_alloc", &c.Budget, size)
	c.Ran, c.Copied = false, 0
	if c.Alloc.Trap != "" || !fits(c.Alloc.Value, size, c.Alloc.Pages) || !inst.Write(c.Alloc.Value, c.In) {
		return
	}
	b := Budget{Fuel: c.Alloc.Fuel, Stack: c.Budget.Stack}
	c.Rerank, c.Ran = inst.Call("corerec_rerank", &b, c.Alloc.Value, size), true
	ptr := c.Rerank.Value
	if c.Rerank.Trap != "" || ptr == 0 {
		return
	}
	mem := uint64(c.Rerank.Pages) * 65536
	n := uint32(min(uint64(len(c.Out)), mem-min(mem, uint64(ptr))))
	var ok bool
	if c.Out, ok = inst.Read(c.Out[:0], ptr, n); ok {
		c.Copied = int(n)
	}
}

// fits reports whether [ptr, ptr+size) is a non-null range inside a memory of pages.
func fits(ptr, size, pages uint32) bool {
	return ptr != 0 && uint64(ptr)+uint64(size) <= uint64(pages)*65536
}

// LogFuel is what one corerec.log call costs: rules/plugin's logFuel, so that spamming the log runs out
// of fuel alike on both hosts.
const LogFuel = 10_000
