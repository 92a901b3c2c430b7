// Command wasmsize reports where the bytes of a Go-built WebAssembly module go: each section's size, and
// the code section's function bodies grouped by Go package (from the module's name section, so build
// without -s for this report; the bodies are the same with -s).
//
//	GOOS=js GOARCH=wasm go build -trimpath -o /tmp/corerec.wasm ./wasm
//	go run ./wasm/cmd/wasmsize /tmp/corerec.wasm
//
// With -funcs PKG it lists that package's function bodies, largest first.
//
// "go tool nm" does not read wasm files, hence this tool.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

func main() {
	if len(os.Args) != 2 && !(len(os.Args) == 4 && os.Args[2] == "-funcs") {
		fmt.Fprintln(os.Stderr, "usage: wasmsize FILE.wasm [-funcs PKG]")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err == nil && len(os.Args) == 4 {
		err = funcs(os.Stdout, data, os.Args[3])
	} else if err == nil {
		err = report(os.Stdout, data)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wasmsize:", err)
		os.Exit(1)
	}
}

func report(w io.Writer, data []byte) error {
	m, err := parse(data)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "file %d bytes\n\nsection         bytes\n", len(data))
	for _, s := range m.sections {
		fmt.Fprintf(w, "%-12s %8d\n", s.name, s.size)
	}
	byPkg := map[string]int{}
	total := 0
	for i, size := range m.bodies {
		byPkg[pkgOf(m.names[uint32(m.imports+i)])] += size
		total += size
	}
	type row struct {
		pkg  string
		size int
	}
	rows := make([]row, 0, len(byPkg))
	for p, s := range byPkg {
		rows = append(rows, row{p, s})
	}
	sort.Slice(rows, func(a, b int) bool { return rows[a].size > rows[b].size })
	fmt.Fprintf(w, "\ncode by package (%d bytes of function bodies)\n", total)
	for _, r := range rows {
		fmt.Fprintf(w, "%6.2f%% %9d  %s\n", 100*float64(r.size)/float64(total), r.size, r.pkg)
	}
	return nil
}

// funcs lists the function bodies of package pkg, largest first.
func funcs(w io.Writer, data []byte, pkg string) error {
	m, err := parse(data)
	if err != nil {
		return err
	}
	type row struct {
		name string
		size int
	}
	var rows []row
	for i, size := range m.bodies {
		if name := m.names[uint32(m.imports+i)]; pkgOf(name) == pkg {
			rows = append(rows, row{name, size})
		}
	}
	sort.Slice(rows, func(a, b int) bool { return rows[a].size > rows[b].size })
	for _, r := range rows {
		fmt.Fprintf(w, "%9d  %s\n", r.size, r.name)
	}
	return nil
}

// pkgOf returns the Go package of a symbol name as Go's wasm port writes it: '/' became '_', so the
// package is the text up to the first '.' (the second for a path that starts with a host name, like
// "github.com_x_y.F"), with '_' turned back into '/' (wrong only for package paths holding a '_').
func pkgOf(sym string) string {
	if sym == "" {
		return "(unnamed)"
	}
	start := 0
	for _, host := range []string{".com_", ".org_", ".io_", ".in_", ".net_", ".dev_"} {
		if i := strings.Index(sym, host); i > 0 && !strings.ContainsAny(sym[:i], "._") {
			start = i + len(host)
		}
	}
	end := len(sym)
	if dot := strings.IndexByte(sym[start:], '.'); dot >= 0 {
		end = start + dot
	}
	return strings.ReplaceAll(sym[:end], "_", "/")
}
