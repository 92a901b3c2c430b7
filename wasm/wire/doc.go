// Package wire is the JSON face of a runtime.Engine shared by every WebAssembly host: the browser build
// (wasm/, through syscall/js), the wasip1 build (cmd/wasip1, JSON lines on stdin/stdout) and the native
// reference program of the browser example. One mapping for all three is what makes their answers equal.
//
// # Basics
//
// A Request is the JSON form of runtime.Request plus two conveniences: Categories (an allow-list by
// category) and explanations. Recommend returns a Response whose items carry their category and, when the
// request had a history, the history item closest to each recommendation ("because you viewed …"):
//
//	res, err := wire.Recommend(ctx, eng, wire.Request{History: []string{"i0001"}, K: 10})
//
// The JSON-lines protocol of the wasip1 build lives in package wire/line, apart, so that the browser build
// (which converts values through syscall/js) carries no encoding/json: 230 KB of code.
//
// # Concurrency
//
// Every function is safe for concurrent use over the same Engine; nothing here holds state but a Searcher
// (vector search over an Engine's items: NewSearcher), which one goroutine uses at a time.
package wire
