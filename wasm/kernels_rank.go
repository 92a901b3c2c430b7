//go:build js && wasm && corerec_rank

package main

import "github.com/corerec/corerec/wasm/simd"

// installKernels installs the SIMD128 kernels including the rankers' GEMM micro-kernel (gemmTiles, which
// corerec.js supplies): the build with the ranker (-tags corerec_rank).
func installKernels() { simd.InstallWithGemm() }
