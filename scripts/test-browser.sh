#!/usr/bin/env bash
# The browser and wasip1 builds end to end: builds examples/browser/dist (runtime .wasm + JS API, the demo
# bundle from `pack demo`, the native reference answers, the wasip1 module, the static server), then runs
# the page in headless Debian Chromium through playwright-core and the wasip1 module under node's WASI.
# Installs Chromium (apt) and the npm packages (npm ci) when they are missing; never downloads a browser
# build of its own. The screenshot lands in out/browser-example.png.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
ex=examples/browser
dist=$ex/dist
start=$(date +%s)

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${need_apt[@]}"
fi
# hnswlib-wasm and onnxruntime-web are optionalDependencies, used by the benchmarks only: not installed here
[ -d $ex/node_modules/playwright-core ] || (cd $ex && npm ci --omit=optional --no-audit --no-fund)

GOOS=js GOARCH=wasm $GO vet ./wasm/
rm -rf $dist && mkdir -p $dist
./wasm/build.sh $dist
GOOS=wasip1 GOARCH=wasm $GO build -trimpath -ldflags='-s -w' -o $dist/corerec-wasip1.wasm ./cmd/wasip1
$GO build -o $dist/serve ./$ex/serve
$GO build -o $dist/native ./$ex/native
$GO run ./cmd/pack demo --users 0 --out $dist/demo.crec >$dist/pack-demo.log 2>&1 || { cat $dist/pack-demo.log; exit 1; }
$dist/native --bundle $dist/demo.crec --gen 1000 --seed 1 --out $dist/parity.json
# A funnel bundle from the demo: three retrievers fused, the example's rules (the e2e parity of funnels).
$GO run ./cmd/pack build --retriever $dist/demo.crec --rules $ex/funnel-rules.json \
  --retrievers embedding,item2item:0.5,popular:0.2 --candidates 100 --keep 50 --out $dist/demo-funnel.crec >/dev/null
# The same funnel with rule plugins (AssemblyScript and WAT examples) run on the page's WebAssembly engine,
# and one whose plugin never ends (stopped by fuel; policy fail), against rules/plugin's wazero host natively.
$GO run ./cmd/pack build --retriever $dist/demo.crec --rules $ex/funnel-rules.json \
  --retrievers embedding,item2item:0.5,popular:0.2 --candidates 100 --keep 50 \
  --plugin newer=rules/examples/assemblyscript/newer.wasm --plugin diverse=rules/examples/assemblyscript/diverse.wasm \
  --plugin band=rules/examples/wat/band.wasm --out $dist/demo-plugins.crec >/dev/null
$GO run ./cmd/pack build --retriever $dist/demo.crec --rules $ex/funnel-rules.json --candidates 100 --keep 50 \
  --plugin loop=rules/plugin/testdata/hostile/loop_forever.wasm,policy=fail \
  --plugin grow=rules/plugin/testdata/hostile/memory_grow_huge.wasm,policy=skip --out $dist/demo-runaway.crec >/dev/null
echo "test-browser: corerec.wasm $(wc -c <$dist/corerec.wasm) bytes, gzip -9 $(gzip -9c $dist/corerec.wasm | wc -c) bytes"
node --test wasm/simd/kernels.test.mjs
(cd $ex && node --test --test-reporter=spec e2e.test.mjs)
echo "test-browser: passed in $(( $(date +%s) - start ))s"
