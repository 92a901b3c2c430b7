// Package examples holds no code: its tests build and check the example reranking plugins of this folder —
// three rules (newer, diverse, band) in Go (go/), AssemblyScript (assemblyscript/) and WebAssembly text
// (wat/) — against each other and against the same rules run natively. See README.md for the commands
// that rebuild the committed .wasm files.
//
// # Concurrency
//
// Nothing to share.
package examples
