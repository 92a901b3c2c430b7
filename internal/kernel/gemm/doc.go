// Package gemm is train/nn's matrix multiply: a blocked, packed GEMM (the Goto/BLIS scheme)
// around a register-tiled micro-kernel, AVX-512 or AVX2+FMA assembly on amd64 (chosen at run
// time) and portable Go elsewhere or with the purego build tag. Where internal/kernel's active
// implementation has an Accel.GemmTiles (the browser's SIMD128 module), the portable path hands it
// whole grids of tiles instead, with bit-identical results.
//
// It has internal/kernel.Gemm's signature and contract, so it can move there unchanged.
//
// # Concurrency
//
// Gemm and GemmPacked are safe for concurrent use (on distinct C); each call takes its
// buffers from a sync.Pool. A PackedB is read-only once packed and may be shared.
package gemm
