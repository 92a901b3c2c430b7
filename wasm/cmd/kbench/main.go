//go:build js && wasm

// Command kbench times the scan kernels of the browser build under node, by CPU time (steadier than
// wall time on a shared machine): every implementation internal/kernel offers — "generic" (pure Go)
// and, when run.mjs supplies the SIMD128 module, "simd128" — on DIM-dimensional rows in batches of
// ROWS (the exact scan's block is 256), and the gathers graph search calls on ROWS rows at random
// indices (a node's neighbour list is 16–64 long).
//
//	GOOS=js GOARCH=wasm go build -o /tmp/kbench.wasm ./wasm/cmd/kbench
//	node wasm/cmd/simdrun.mjs /tmp/kbench.wasm wasm/simd/kernels.wasm [DIM ROWS]
package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"syscall/js"

	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/wasm/simd"
)

func cpuNanos() float64 {
	u := js.Global().Get("process").Call("cpuUsage")
	return (u.Get("user").Float() + u.Get("system").Float()) * 1000
}

func main() {
	simd.Install()
	d, rows := 64, 256
	if len(os.Args) > 2 {
		d, _ = strconv.Atoi(os.Args[1])
		rows, _ = strconv.Atoi(os.Args[2])
	}
	rng := rand.New(rand.NewPCG(1, 2))
	q, f32, i8, f16 := make([]float32, d), make([]float32, d*rows), make([]int8, d*rows), make([]uint16, d*rows)
	for i := range q {
		q[i] = rng.Float32()*2 - 1
	}
	for i := range f32 {
		f32[i], i8[i] = rng.Float32()*2-1, int8(rng.IntN(256)-128)
		f16[i] = kernel.F32ToF16(f32[i])
	}
	out := make([]float32, rows)
	// The gathers score rows at scattered indices of a table of 16·ROWS rows, as graph search does.
	table := 16 * rows
	gf32, gi8, scale, offset := make([]float32, d*table), make([]int8, d*table), make([]float32, table), make([]float32, table)
	for i := range gf32 {
		gf32[i], gi8[i] = rng.Float32()*2-1, int8(rng.IntN(256)-128)
	}
	for i := range scale {
		scale[i], offset[i] = rng.Float32()/64, rng.Float32()-0.5
	}
	ids := make([]int32, rows)
	for i := range ids {
		ids[i] = int32(rng.IntN(table))
	}
	kernels := []struct {
		name string
		f    func()
	}{
		{"f32", func() { kernel.DotBatch(q, f32, out) }},
		{"f16", func() { kernel.DotBatchF16(q, f16, out) }},
		{"int8", func() { kernel.DotBatchInt8(q, i8, out) }},
		{"gather-f32", func() { kernel.GatherDot(q, gf32, ids, out) }},
		{"gather-int8row", func() { kernel.GatherDotInt8Row(q, gi8, ids, out, scale, offset, 0.5) }},
	}
	reps := max(1, 300_000/(d*rows)*20)
	fmt.Printf("dim=%d rows=%d, best of 7 rounds of %d calls, CPU ns per row\n", d, rows, reps)
	for _, k := range kernels {
		for _, impl := range kernel.Implementations() {
			restore := kernel.SetImpl(impl)
			best := 0.0
			for round := 0; round < 7; round++ {
				t0 := cpuNanos()
				for r := 0; r < reps; r++ {
					k.f()
				}
				if ns := (cpuNanos() - t0) / float64(reps*rows); round == 0 || ns < best {
					best = ns
				}
			}
			restore()
			fmt.Printf("  %-14s impl=%-8s %7.1f\n", k.name, impl, best)
		}
	}
}
