//go:build js && wasm

package main

import "github.com/corerec/corerec/wasm/simd"

// installKernels installs the SIMD128 kernels, the rankers' GEMM micro-kernel included (gemmTiles, which
// corerec.js supplies).
func installKernels() { simd.InstallWithGemm() }
