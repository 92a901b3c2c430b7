// Runs rankbench (GOOS=js GOARCH=wasm) under node: our ranker compiled to wasm, with every kernel
// implementation internal/kernel offers (the SIMD128 module bound to Go's memory as corerec.js binds
// it, and pure Go), against onnxruntime-web's wasm backend (single thread, its SIMD build as shipped)
// when examples/browser's node_modules has it. Same weights (bench/rank/run.sh writes OUT/{dcn,deepfm}.crec
// and the ONNX export OUT/weights/MODEL/model.onnx with its inputs), same N candidates, the
// implementations taking turns call by call; prints median wall and CPU µs per call.
//
//	GOOS=js GOARCH=wasm go build -trimpath -o /tmp/rankbench.wasm ./wasm/cmd/rankbench
//	node wasm/cmd/rankbench/run.mjs /tmp/rankbench.wasm wasm/simd/kernels.wasm OUT [N=500] [REPS=200] [SIDES]
//
// Sides: ours/simd128, ours/generic (rankbench.rank through syscall/js), ours/export (the same Rank through
// a //go:wasmexport export, logits read in place), onnxruntime-web; SIDES keeps those whose name ends with
// one of its comma-separated words (e.g. "simd128,web"). It first times an empty call into Go both ways.
//
// With --cpu-prof before run.mjs, node writes a CPU profile of the whole run.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [goWasm, simdWasm, out, nArg, repsArg, onlyArg] = process.argv.slice(2);
const n = Number(nArg ?? 500);
const reps = Number(repsArg ?? 200);
const only = onlyArg ? onlyArg.split(',') : null; // e.g. "simd128" or "generic,ort"
const here = path.dirname(fileURLToPath(import.meta.url));
const goroot = execFileSync('go', ['env', 'GOROOT']).toString().trim();
await import(`${goroot}/lib/wasm/wasm_exec.js`);

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
const { instance } = await WebAssembly.instantiate(fs.readFileSync(goWasm), go.importObject);
if (simdWasm && simdWasm !== '-') {
  k = (await WebAssembly.instantiate(fs.readFileSync(simdWasm), { go: { mem: instance.exports.mem } })).instance.exports;
}
const ready = new Promise((resolve) => { globalThis.rankbenchReady = resolve; });
go.run(instance);
await ready;
const rb = globalThis.rankbench;

let ort = null;
try {
  ort = await import(pathToFileURL(path.join(here, '../../../examples/browser/node_modules/onnxruntime-web/dist/ort.wasm.min.mjs')).href);
  ort.env.wasm.numThreads = 1;
} catch {
  console.log('(onnxruntime-web not installed in examples/browser: ours only)');
}

// The crossing itself: an empty call through syscall/js (js.FuncOf) and through a //go:wasmexport export.
{
  const ex = instance.exports;
  for (const [label, f] of [['syscall/js js.FuncOf', () => rb.noop()], ['//go:wasmexport', () => ex.noop()]]) {
    for (let i = 0; i < 2000; i++) f();
    const reps = 20000;
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) f();
    console.log(`empty call via ${label}: ${((performance.now() - t0) * 1000 / reps).toFixed(2)} µs`);
  }
}

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
const cpuUS = () => { const u = process.cpuUsage(); return u.user + u.system; };

for (const name of ['dcn', 'deepfm']) {
  const bundle = path.join(out, `${name}.crec`);
  if (!fs.existsSync(bundle)) continue;
  const err = rb.open(name, fs.readFileSync(bundle), n);
  if (err) throw new Error(err);
  const sides = [];
  for (const impl of rb.impls().split(',')) {
    const scores = new Float32Array(n);
    const bytes = new Uint8Array(scores.buffer);
    sides.push({ name: `ours/${impl}`, scores, run: () => { rb.setImpl(impl); const e = rb.rank(name, bytes); if (e) throw new Error(e); } });
  }
  const modelIndex = ['dcn', 'deepfm'].filter((m) => fs.existsSync(path.join(out, `${m}.crec`))).indexOf(name);
  const exported = { name: 'ours/export', scores: null };
  exported.run = () => {
    rb.setImpl(rb.impls().split(',')[0]);
    const ptr = instance.exports.rankExport(modelIndex);
    if (!ptr) throw new Error('rankExport failed');
    exported.scores = new Float32Array(instance.exports.mem.buffer, ptr, n);
  };
  sides.push(exported);
  const wdir = path.join(out, 'weights', name);
  const spec = JSON.parse(fs.readFileSync(path.join(wdir, 'onnx_inputs.json'), 'utf8'));
  if (ort) {
    const session = await ort.InferenceSession.create(fs.readFileSync(path.join(wdir, 'model.onnx')), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    const feeds = onnxFeeds(ort, spec, n);
    const side = { name: 'onnxruntime-web', scores: null };
    side.run = async () => { side.scores = (await session.run(feeds)).logit.data; };
    sides.push(side);
  }
  const active = sides.filter((s) => !only || only.some((o) => s.name.endsWith(o)));
  for (const s of active) { s.wall = []; s.cpu = 0; for (let i = 0; i < 20; i++) await s.run(); }
  for (let i = 0; i < reps; i++) {
    for (const s of active) {
      const c0 = cpuUS();
      const t0 = performance.now();
      await s.run();
      s.wall.push((performance.now() - t0) * 1000);
      s.cpu += cpuUS() - c0;
    }
  }
  const ref = active[0].scores;
  console.log(`${name}: ${n} candidates, ${reps} calls each, taking turns (load ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}); gemm micro-kernel ${rb.gemm()}`);
  for (const s of active) {
    let dRef = 0; let dTorch = 0; let bits = true;
    for (let i = 0; i < n; i++) {
      dRef = Math.max(dRef, Math.abs(s.scores[i] - ref[i]));
      dTorch = Math.max(dTorch, Math.abs(s.scores[i] - spec.expected[i]));
      bits &&= Object.is(s.scores[i], ref[i]);
    }
    console.log(`  ${s.name.padEnd(18)} median ${median(s.wall).toFixed(0).padStart(7)} µs wall, ${(s.cpu / reps).toFixed(0).padStart(7)} µs CPU/call;` +
      ` max |Δ| vs ${active[0].name} ${bits ? '0 (bit-identical)' : dRef.toExponential(2)}, vs torch ${dTorch.toExponential(2)}`);
  }
}
process.exit(0);

// onnxFeeds returns the first n rows of the exported inputs (bench/rank/train_torch.py) as ort tensors.
function onnxFeeds(ortNS, spec, rows) {
  const feeds = {};
  for (const [key, t] of Object.entries(spec.inputs)) {
    const width = t.shape.slice(1).reduce((a, b) => a * b, 1);
    const data = t.data.slice(0, rows * width);
    const arr = t.dtype === 'int64' ? BigInt64Array.from(data.map((v) => BigInt(v))) : Float32Array.from(data);
    feeds[key] = new ortNS.Tensor(t.dtype, arr, [rows, ...t.shape.slice(1)]);
  }
  return feeds;
}
