// Package simd hands the browser build's scans to a small hand-written SIMD128 module
// (kernels.wat beside this file), which Go's wasm port cannot emit.
//
// The module shares the Go program's linear memory: corerec.js instantiates it with the Go
// instance's exported memory and supplies the imports of module "corerec_simd" declared here
// (available, dotBatch, dotBatchInt8, gatherDot, gatherDotInt8Row); Go passes pointers into its own slices, which on wasm are
// byte offsets into that memory. Install registers the kernels with internal/kernel as the
// implementation "simd128" when the page could instantiate the module (the engine validates
// SIMD128), and leaves the pure-Go kernels in place otherwise. Measured under node 20 on 256-row
// blocks of 64 dimensions: int8 rows 12 ns instead of 45; the gathers (ann's graph search) score a
// 32-row int8 neighbour list at 23 ns a row instead of 83, bit-identical to the Go loops; see
// BENCHMARKS.md.
//
// InstallWithGemm also hands the module internal/kernel/gemm's micro-kernel (gemmTiles: a grid of
// 4×16 tiles per call, bit-identical to the pure-Go kernel), which the rankers' dense and cross
// layers spend their time in: a DCN-v2 over 500 candidates went from ~44 ms to ~3 ms under node.
// It needs the import corerec_simd.gemmTiles, which wasm/cmd/rankbench's hosts supply; Install alone
// does not reference it, so hosts that do not supply it keep working.
//
// Only the browser binary (package wasm) imports this package: any other js/wasm program would
// need the imports to be instantiated.
//
// Concurrency: Install must run once at program start, before any kernel runs. The kernels
// themselves are pure functions of their arguments.
package simd
