#!/usr/bin/env bash
# Builds the browser runtime into OUT (default wasm/dist): corerec.wasm, Go's wasm_exec.js (from this Go's
# GOROOT: it must match the compiler), and the JS API (corerec.js, client.js, worker.js, corerec.d.ts).
# EXTRA go build flags follow OUT. The build has everything (retrieval, pipeline, ranker, rules, rule plugins):
# the tags corerec_plugins and corerec_rank of earlier builds are ignored if passed.
#
# Inlining is off (-l) in packages that never run on a hot path — fmt, reflect and time (error messages,
# formatting), internal/fmtlite (error messages: 8 KB gzip), strictjson (bundle specs, once per load),
# the plugin metering (once per plugin load), modelpack (opening the bundle; per request only a few
# catalog accessors: 7 KB gzip) and rules/abi (a plugin call's candidate encoding and output checks, beside
# the cost of calling the plugin's WebAssembly instance: 2.0 KB gzip, session 10) and wasm/wire (every
# request's conversion and its answer's explanations, measured faster without inlining under node: 22.0
# against 25.0 µs per wire.Recommend, 3.7 KB gzip, session 11): Go's wasm code for inlined calls is long.
# Each entry's saving was measured when it joined the list, as given here (BENCHMARKS.md, "Rule plugins
# in the browser", "Browser build without fmt", "rec.search", "Browser build with the ranker"). fmt is no longer
# linked (internal/fmtlite); its entry stays for builds that link it again. wasm/wire's TestBrowserBuildSize
# builds through this script.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
out=${1:-wasm/dist}
shift || true
mkdir -p "$out"
cold=(fmt reflect time github.com/corerec/corerec/internal/fmtlite github.com/corerec/corerec/internal/strictjson
  github.com/corerec/corerec/rules/plugin/meter github.com/corerec/corerec/modelpack github.com/corerec/corerec/rules/abi
  github.com/corerec/corerec/wasm/wire)
gcflags=()
for p in "${cold[@]}"; do gcflags+=("-gcflags=$p=-l"); done
GOOS=js GOARCH=wasm $GO build -trimpath -ldflags='-s -w' "${gcflags[@]}" "$@" -o "$out/corerec.wasm" ./wasm
cp "$($GO env GOROOT)/lib/wasm/wasm_exec.js" "$out/"
cp wasm/simd/kernels.wasm "$out/corerec-simd.wasm"
cp wasm/corerec.js wasm/client.js wasm/worker.js wasm/corerec.d.ts "$out/"
