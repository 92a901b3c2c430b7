//go:build js && wasm

// Command searchbench times wire.Searcher (the graph search behind rec.search) under node, by CPU time:
// QUERIES searches of the vectors of random items of BUNDLE at each ef, with the SIMD128 gathers when
// run.mjs supplies them. Profile with node --cpu-prof (build without -s for function names).
//
//	GOOS=js GOARCH=wasm go build -o /tmp/searchbench.wasm ./wasm/cmd/searchbench
//	node wasm/cmd/simdrun.mjs /tmp/searchbench.wasm wasm/simd/kernels.wasm BUNDLE [QUERIES]
package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"syscall/js"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/simd"
	"github.com/corerec/corerec/wasm/wire"
)

func cpuNanos() float64 {
	u := js.Global().Get("process").Call("cpuUsage")
	return (u.Get("user").Float() + u.Get("system").Float()) * 1000
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "searchbench:", err)
		os.Exit(1)
	}
}

func run() error {
	fmt.Println("simd128:", simd.Install())
	if len(os.Args) < 2 {
		return fmt.Errorf("usage: searchbench BUNDLE [QUERIES]")
	}
	nq := 2000
	if len(os.Args) > 2 {
		nq, _ = strconv.Atoi(os.Args[2])
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		return err
	}
	eng, err := runtime.OpenBytes(data, runtime.Options{SkipVerify: true})
	if err != nil {
		return err
	}
	s, err := wire.NewSearcher(eng)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(7, 7))
	queries := make([][]float32, nq)
	for i := range queries {
		id := eng.Catalog().ItemID(int32(rng.IntN(eng.NumItems())))
		if queries[i], err = eng.Encode(runtime.Request{History: []string{id}}); err != nil {
			return err
		}
	}
	for _, ef := range []int{10, 32, 64, 128, 256} {
		t := cpuNanos()
		for _, q := range queries {
			if _, err := s.Search(q, 10, ef, false); err != nil {
				return err
			}
		}
		ns := (cpuNanos() - t) / float64(nq)
		fmt.Printf("ef %3d: %7.1f µs a search (CPU), %6.0f QPS\n", ef, ns/1000, 1e9/ns)
	}
	return nil
}
