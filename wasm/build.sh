#!/usr/bin/env bash
# Builds the browser runtime into OUT (default wasm/dist): corerec.wasm, Go's wasm_exec.js (from this Go's
# GOROOT: it must match the compiler), and the JS API (corerec.js, client.js, worker.js, corerec.d.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
out=${1:-wasm/dist}
mkdir -p "$out"
GOOS=js GOARCH=wasm $GO build -trimpath -ldflags='-s -w' -o "$out/corerec.wasm" ./wasm
cp "$($GO env GOROOT)/lib/wasm/wasm_exec.js" "$out/"
cp wasm/simd/kernels.wasm "$out/corerec-simd.wasm"
cp wasm/corerec.js wasm/client.js wasm/worker.js wasm/corerec.d.ts "$out/"
