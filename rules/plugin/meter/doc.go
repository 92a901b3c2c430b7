// Package meter reads WebAssembly modules and instruments them with fuel: a deterministic instruction budget
// that stops runaway plugin code without a timer.
//
// Instrument adds two mutable globals: the fuel counter (i64, exported as GlobalName, initially the
// instantiation budget) and the stack budget (i32, StackGlobalName). Every function entry and every loop
// header subtract a static cost from the fuel and trap (unreachable) when it falls below zero. The cost of
// a region — a function body, or a loop body with nested loops counted as one instruction — is its longest
// path in instructions (an if counts its longer arm, a br_table its longest target), plus the metering's
// own instructions; between two charges control only moves forward, so fuel used bounds the instructions
// executed from above, and a region that cannot be paid for does not start. Bulk operations are charged
// their operand as well: n/16 per byte or table element plus 1/2 per byte of every full 64 KiB
// (memory.fill/copy/init, table.fill/copy/init/grow), 2^15 per page (memory.grow).
//
// Within a function the fuel counter lives in a local (a register, once compiled), spilled to the global
// around calls and on the way out. Every call frame also takes 8 slots plus its parameters and locals
// from the stack budget while it runs, and traps when it runs out: unbounded recursion ends long before
// the engine's own stack limit (hundreds of megabytes, seconds away).
//
// Nothing else changes: every function, global, local and type keeps its index (the added locals come
// last, the added globals after the module's own, and function bodies are wrapped in one block so that
// every way out passes the exit code), so the rewrite is local to each body and the module validates
// whenever the original did. Code may not name the added globals: a global index beyond the module's own
// is refused.
//
// The decoder understands the instruction set compilers emit today: WebAssembly 1.0 with sign extension,
// non-trapping float-to-int, bulk memory, reference types, multi-value and fixed-width SIMD. Threads, tail
// calls, exceptions, GC types and memory64 are refused (ErrUnsupported), as is anything it cannot decode
// (ErrMalformed). It checks structure, not types: a module that decodes may still be invalid, which the
// engine that compiles the output reports.
//
// The package is pure Go and imports nothing outside the standard library, so the browser build can meter
// plugins before handing them to the browser's WebAssembly engine.
//
// # Concurrency
//
// Parse and Instrument are safe for concurrent use; a *Module is read-only after Parse.
package meter
