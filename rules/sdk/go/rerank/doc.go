// Package rerank is the Go SDK for CoreRec reranking plugins: write a rule over the candidates, register it,
// and build with GOOS=wasip1. The package implements the plugin side of rules/ABI.md — the version marker,
// the allocator, the input view and the output block — so a plugin is a few lines:
//
//	package main
//
//	import "github.com/corerec/corerec/rules/sdk/go/rerank"
//
//	func init() { rerank.Register(fresh) } // init, not main: a plugin is a library (c-shared)
//	func main() {}
//
//	func fresh(in *rerank.Input, out *rerank.Output) error {
//		for i := range in.Len() {
//			if in.CreatedAt(i) > in.Now()-7*86400 {
//				out.Keep(i)
//			}
//		}
//		return nil
//	}
//
// Build it, then give it a manifest asking for WASI (Go's runtime needs it; the host offers a fixed clock,
// no files, no network):
//
//	GOOS=wasip1 GOARCH=wasm go build -buildmode=c-shared -o fresh.wasm .
//	pack plugin check --manifest '{"abi":1,"wasi":true}' --out fresh.wasm fresh.wasm
//
// On other platforms the package builds too, without the exports: Run executes the registered rule on an
// encoded input, so tests and benchmarks run the very same rule natively.
//
// # Costs
//
// A Go plugin is about 2 MB and its runtime starts in a few million instructions of the host's init fuel;
// calls cost what the rule costs plus tens of microseconds for 1,000 candidates. Allocate little per call:
// the garbage collector runs inside the plugin's fuel budget.
//
// # Concurrency
//
// A plugin instance serves one call at a time; the SDK's buffers are per instance. Register once, in init.
package rerank
