//go:build js && wasm && !corerec_rank

package main

import "github.com/corerec/corerec/wasm/simd"

// installKernels installs the SIMD128 scan and gather kernels. The default build has no ranker, so it
// does not import the GEMM micro-kernel (hosts that predate it keep working).
func installKernels() { simd.Install() }
