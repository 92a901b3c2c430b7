// Command wasip1 answers recommendation calls from a bundle, one JSON line in, one JSON line out, for wasm
// edge hosts (GOOS=wasip1) and any pipe:
//
//	GOOS=wasip1 GOARCH=wasm go build -trimpath -ldflags='-s -w' -o corerec-wasip1.wasm ./cmd/wasip1
//	echo '{"history":["i0001"],"k":5}' | wasmtime --dir . corerec-wasip1.wasm demo.crec
//
// The calls are those of package wasm/wire/line: {"op": "recommend"|"similar"|"manifest"|"catalog", ...};
// a failed call is answered {"error": "..."} and the next line is read. The exit status is 0 when stdin
// ends, 1 when the bundle cannot be opened or stdin cannot be read, 2 on bad arguments. The same source
// builds natively, where it is the reference the wasm builds are compared with.
package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/wire/line"
)

// maxLine bounds one call line.
const maxLine = 16 << 20

func main() { os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) != 1 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stderr, "usage: corerec-wasip1 BUNDLE < calls.jsonl > answers.jsonl")
		return 2
	}
	eng, err := runtime.Open(args[0], runtime.Options{})
	if err != nil {
		fmt.Fprintln(stderr, "wasip1:", err)
		return 1
	}
	defer eng.Close()
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	w := bufio.NewWriter(stdout)
	for sc.Scan() {
		call := bytes.TrimSpace(sc.Bytes())
		if len(call) == 0 {
			continue
		}
		w.Write(line.Handle(ctx, eng, call))
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(stderr, "wasip1: write:", err)
		return 1
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(stderr, "wasip1: read:", err)
		return 1
	}
	return 0
}
