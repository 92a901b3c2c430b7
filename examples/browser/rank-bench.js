// Ranking in the browser: CoreRec's ranker compiled to wasm (wasm/cmd/rankbench) against onnxruntime-web
// (wasm backend, one thread, its SIMD build as shipped) on the same weights and the same candidates, in one
// page (run by rank-bench.mjs in headless Chromium). rank-bench.html?dir=dist/rank/&n=500&reps=200
//
// DIR holds what rank-bench.mjs copies there: rankbench.wasm, wasm_exec.js, kernels.wasm (SIMD128), and per
// model (dcn, deepfm) MODEL.crec, MODEL.onnx and MODEL.inputs.json (bench/rank/run.sh's ONNX export of the
// same Go-trained weights and its input tensors). Ours ranks the bundle's first n items for its first user
// (ids resolved and features encoded inside the call); onnxruntime-web runs the exported graph on the first
// n rows of the same inputs, prepared beforehand. Every implementation of ours (SIMD128 kernels, pure Go)
// and onnxruntime-web take turns call by call; per side the median wall time of reps calls after 20
// warm-up calls. Scores are checked against each other. Result: window.rankResult.
import * as ort from './node_modules/onnxruntime-web/dist/ort.wasm.min.mjs';

const p = new URLSearchParams(location.search);
const dir = p.get('dir') ?? 'dist/rank/';
const n = Number(p.get('n') ?? 500);
const reps = Number(p.get('reps') ?? 200);
const models = (p.get('models') ?? 'dcn,deepfm').split(',');
const out = document.getElementById('out');
const log = (s) => { out.textContent += `\n${s}`; };

async function fetchBytes(url) {
  const resp = await fetch(url);
  if (!resp.ok) throw new Error(`fetch ${url}: HTTP ${resp.status}`);
  return new Uint8Array(await resp.arrayBuffer());
}

// startGo runs rankbench.wasm with the SIMD128 module bound to its memory, as corerec.js binds it.
async function startGo() {
  await import(`./${dir}wasm_exec.js`);
  const go = new globalThis.Go();
  let k = null;
  // Fixed-arity trampolines (V8 calls them much faster than a rest-argument forwarder).
  go.importObject.corerec_simd = {
    available: () => (k ? 1 : 0),
    dotBatch: (q, rows, out, d, n) => k.dotBatch(q, rows, out, d, n),
    dotBatchInt8: (q, codes, out, d, n) => k.dotBatchInt8(q, codes, out, d, n),
    gatherDot: (q, rows, ids, out, d, n) => k.gatherDot(q, rows, ids, out, d, n),
    gatherDotInt8Row: (q, codes, ids, out, scale, offset, sumQ, d, n) => k.gatherDotInt8Row(q, codes, ids, out, scale, offset, sumQ, d, n),
    gemmTiles: (steps, a, rs, ss, b, c, ldc, alpha, beta, tiles, panels) => k.gemmTiles(steps, a, rs, ss, b, c, ldc, alpha, beta, tiles, panels),
  };
  const { instance } = await WebAssembly.instantiateStreaming(fetch(`${dir}rankbench.wasm`), go.importObject);
  const simd = await fetchBytes(`${dir}kernels.wasm`);
  if (WebAssembly.validate(simd)) k = (await WebAssembly.instantiate(simd, { go: { mem: instance.exports.mem } })).instance.exports;
  const ready = new Promise((resolve) => { globalThis.rankbenchReady = resolve; });
  go.run(instance);
  await ready;
  return { rb: globalThis.rankbench, exports: instance.exports };
}

// crossing times an empty call into Go through syscall/js (js.FuncOf) and through a //go:wasmexport export.
function crossing(rb, exports) {
  const res = {};
  for (const [label, f] of [['funcOf', () => rb.noop()], ['wasmexport', () => exports.noop()]]) {
    for (let i = 0; i < 2000; i++) f();
    const calls = 20000;
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) f();
    res[label] = ((performance.now() - t0) * 1000) / calls;
    log(`empty call via ${label}: ${res[label].toFixed(2)} µs`);
  }
  return res;
}

function feedsOf(spec) {
  const feeds = {};
  for (const [key, t] of Object.entries(spec.inputs)) {
    const width = t.shape.slice(1).reduce((a, b) => a * b, 1);
    const data = t.data.slice(0, n * width);
    const arr = t.dtype === 'int64' ? BigInt64Array.from(data.map((v) => BigInt(v))) : Float32Array.from(data);
    feeds[key] = new ort.Tensor(t.dtype, arr, [n, ...t.shape.slice(1)]);
  }
  return feeds;
}

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];

async function benchModel(rb, exports, name, index) {
  const err = rb.open(name, await fetchBytes(`${dir}${name}.crec`), n);
  if (err) throw new Error(err);
  const spec = await (await fetch(`${dir}${name}.inputs.json`)).json();
  const session = await ort.InferenceSession.create(await fetchBytes(`${dir}${name}.onnx`),
    { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const feeds = feedsOf(spec);
  const sides = rb.impls().split(',').map((impl) => {
    const scores = new Float32Array(n);
    const bytes = new Uint8Array(scores.buffer);
    return { name: `ours/${impl}`, scores, run: () => { rb.setImpl(impl); const e = rb.rank(name, bytes); if (e) throw new Error(e); } };
  });
  // The same Rank through a //go:wasmexport export, logits read in place from Go's memory.
  const direct = { name: 'ours/export', scores: null };
  direct.run = () => {
    rb.setImpl(rb.impls().split(',')[0]);
    const ptr = exports.rankExport(index);
    if (!ptr) throw new Error('rankExport failed');
    direct.scores = new Float32Array(exports.mem.buffer, ptr, n).slice();
  };
  sides.push(direct);
  const theirs = { name: 'onnxruntime-web', scores: null };
  theirs.run = async () => { theirs.scores = (await session.run(feeds)).logit.data; };
  sides.push(theirs);
  for (const s of sides) { s.ms = []; for (let i = 0; i < 20; i++) await s.run(); }
  for (let i = 0; i < reps; i++) {
    for (const s of sides) {
      const t0 = performance.now();
      await s.run();
      s.ms.push(performance.now() - t0);
    }
  }
  const res = { model: name, n, reps, sides: {} };
  for (const s of sides) {
    let vsORT = 0; let vsTorch = 0; let bitsVsFirst = true;
    for (let i = 0; i < n; i++) {
      vsORT = Math.max(vsORT, Math.abs(s.scores[i] - theirs.scores[i]));
      vsTorch = Math.max(vsTorch, Math.abs(s.scores[i] - spec.expected[i]));
      bitsVsFirst &&= Object.is(s.scores[i], sides[0].scores[i]);
    }
    res.sides[s.name] = { medianMs: median(s.ms), p90Ms: [...s.ms].sort((a, b) => a - b)[Math.floor(reps * 0.9)], maxDiffVsORT: vsORT, maxDiffVsTorch: vsTorch, bitIdenticalToFirst: bitsVsFirst };
    log(`${name} ${s.name.padEnd(16)} median ${median(s.ms).toFixed(3)} ms; max |Δ| vs onnxruntime-web ${vsORT.toExponential(2)}`);
  }
  await session.release();
  return res;
}

try {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = new URL('./node_modules/onnxruntime-web/dist/', location.href).href;
  const { rb, exports } = await startGo();
  const emptyCallUs = crossing(rb, exports);
  const results = [];
  for (const [i, m] of models.entries()) results.push(await benchModel(rb, exports, m, i));
  window.rankResult = { results, emptyCallUs, impls: rb.impls(), ort: ort.env.versions?.web ?? ort.env.versions?.common, crossOriginIsolated, userAgent: navigator.userAgent };
} catch (e) {
  log(`error: ${e.stack ?? e}`);
  window.rankResult = { error: String(e.stack ?? e) };
}
