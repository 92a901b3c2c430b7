// Package kernel holds the hot loops shared by the runtime, the ANN index and the trainer: float32
// dot products (single and batched), squared L2 distance, Axpy, Scale, Sum, half-precision (f16)
// conversion and dot products, int8 dot products with a float query, top-k selection and a blocked
// Gemm.
//
// # Implementations
//
// Each kernel has a generic implementation in pure Go, always compiled, written for the compiler
// (fixed-size windows instead of per-element bounds checks, several accumulators). It is the only
// implementation on wasm and arm64, and the reference the others are tested against.
//
// On amd64 with AVX2, FMA and F16C (detected with CPUID at init), the "avx2" implementation runs
// this package's assembly (dot, batched dot, f16 and int8 dot, squared L2, Axpy, f16 encode and
// decode) and vek for Sum and Scale. Build with -tags purego to compile the generic code only.
// Impl reports the active implementation; tests and benchmarks switch with SetImpl.
//
// Where there is no assembly, a program can supply batch kernels of its own with InstallAccel: the
// browser build installs "simd128", a hand-written WebAssembly SIMD128 module sharing Go's memory
// (wasm/simd), for DotBatch and DotBatchInt8 — the exact scan's inner loop, 3–4× the pure-Go speed —
// and for the gathers GatherDot and GatherDotInt8(Row) — graph search's inner loop, which it computes
// bit-identically to the generic code; Accel.GemmTiles serves internal/kernel/gemm's micro-kernel (the
// rankers' layers), bit-identically too.
//
// Results of the implementations differ only by floating-point rounding (they add in different
// orders; the gathers of the generic code and of an Accel add in the same order); f16 conversion, Scale and top-k are bit-exact across implementations.
//
// # Quantized rows
//
// Codes are read with a float query (asymmetric distance): DotF16 widens halves, DotInt8 widens
// int8 codes; the caller applies a row's scale and offset (see DotInt8).
//
// # Concurrency
//
// Every function is safe for concurrent use on distinct output slices, except SetImpl and
// InstallAccel, which must not run concurrently with any kernel. A TopK is not safe for concurrent use; use one per
// goroutine.
package kernel
