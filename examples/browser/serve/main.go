// Command serve serves a folder over HTTP for the browser example, with .wasm as application/wasm (which
// WebAssembly.instantiateStreaming requires) and no caching, and prints its address on the first line:
//
//	go run ./examples/browser/serve --dir examples/browser --addr 127.0.0.1:8080
//	serving examples/browser at http://127.0.0.1:8080/
//
// Pages are cross-origin isolated (COOP/COEP), which sharpens performance.now() for benchmarks.
// With --addr 127.0.0.1:0 (the default) it picks a free port: tests read it from the first line.
package main

import (
	"flag"
	"fmt"
	"mime"
	"net"
	"net/http"
	"os"
)

func main() {
	dir := flag.String("dir", ".", "folder to serve")
	addr := flag.String("addr", "127.0.0.1:0", "listen address (port 0 picks a free one)")
	flag.Parse()
	if err := serve(*dir, *addr); err != nil {
		fmt.Fprintln(os.Stderr, "serve:", err)
		os.Exit(1)
	}
}

func serve(dir, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Printf("serving %s at http://%s/\n", dir, ln.Addr())
	return http.Serve(ln, handler(dir))
}

func handler(dir string) http.Handler {
	for ext, typ := range map[string]string{".wasm": "application/wasm", ".mjs": "text/javascript",
		".js": "text/javascript", ".crec": "application/octet-stream", ".ts": "text/plain"} {
		if err := mime.AddExtensionType(ext, typ); err != nil {
			panic(err) // constant input
		}
	}
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		// Cross-origin isolation: performance.now() gets 5 µs resolution instead of 100 µs.
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Embedder-Policy", "require-corp")
		files.ServeHTTP(w, r)
	})
}
