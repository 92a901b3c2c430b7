// Package meter reads WebAssembly modules and instruments them with fuel: a deterministic instruction budget
// that stops runaway plugin code without a timer.
//
// Instrument adds one mutable i64 global, exported as GlobalName, whose initial value is the instantiation
// budget. Every function entry and every loop header subtract a static cost — the number of instructions of
// that function body or loop body, nested loops excluded — and trap (unreachable) when the counter falls
// below zero. Between two charges control can only move forward, so fuel used bounds the instructions
// executed from above. Bulk operations whose work depends on an operand (memory.fill/copy/init,
// table.fill/copy/init/grow, memory.grow) are charged that operand as well, through one scratch local added
// to the functions that use them. Nothing else changes: every function, global, local and type keeps its
// index, so the rewrite is local to each body and the module validates whenever the original did.
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
