// hnswlib_wasm_bench.mjs: the hnswlib-wasm (npm) peer of the ANN benchmark (issue 4).
//
// Run by scripts/bench-ann.sh after `npm ci` in this folder:
//   node bench/ann/peers/node/hnswlib_wasm_bench.mjs -data DIR -dataset NAME -ef 10,20,40
// Prints one JSON line per ef in the schema of ../hnswlib_bench.cpp, impl "hnswlib-wasm".
//
// Loading: hnswlib-wasm 0.8.2 is an Emscripten build for the web only (it refuses to start
// unless `window` or `importScripts` exists; the wasm itself is inlined, so a no-op
// importScripts is all it needs), and its loadHnswlib() mounts IDBFS, which needs the
// browser's IndexedDB and fails under node. Its index save/load (writeIndex/readIndex)
// also goes only through that IDBFS, so this peer calls the Emscripten factory directly,
// never initialises a file system, and reports load_s as null.
//
// Measures:
//   recall10     tie-aware: exact float64 distance within the 10th true distance (+1e-6 relative).
//   qps          queries / process CPU seconds (process.cpuUsage, user+system), median of 3 passes;
//                one searchKnn call per query, as a JavaScript caller makes them; untimed
//                warm-up passes at the first ef (≥ 2 passes and ≥ 1 CPU s) let the JIT settle first.
//   build_cpu_s  process CPU seconds for initIndex and one addPoint per vector.
//   bytes_per_vec  growth of the wasm heap's top (a probe malloc before and after the build)
//                / N: the index in memory with its visited-list pool and allocator slack.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

function parseArgs(argv) {
  const a = { M: 16, efc: 200 };
  for (let k = 0; k + 1 < argv.length; k += 2) {
    const f = argv[k].replace(/^-+/, ''), v = argv[k + 1];
    if (f === 'data' || f === 'dataset') a[f] = v;
    else if (f === 'ef') a.efs = v.split(',').filter(Boolean).map(Number);
    else if (f === 'M' || f === 'efc') a[f] = Number(v);
    else throw new Error(`unknown flag ${argv[k]}`);
  }
  if (!a.data || !a.dataset || !a.efs?.length || a.efs.some((e) => !(e > 0))) {
    throw new Error('usage: hnswlib_wasm_bench.mjs -data DIR -dataset NAME -ef 10,20,40 [-M 16] [-efc 200]');
  }
  return a;
}

// readVecs reads .fvecs/.ivecs: per row an int32 dim, then dim 4-byte values.
function readVecs(path, Type) {
  const buf = readFileSync(path);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const head = new Int32Array(ab);
  const dim = head[0];
  if (!(dim > 0) || head.length % (dim + 1) !== 0) throw new Error(`${path}: bad dimension ${dim}`);
  const rows = head.length / (dim + 1);
  const all = new Type(ab);
  const out = [];
  for (let r = 0; r < rows; r++) {
    if (head[r * (dim + 1)] !== dim) throw new Error(`${path}: rows of different dimensions`);
    out.push(all.subarray(r * (dim + 1) + 1, (r + 1) * (dim + 1)));
  }
  return { rows, dim, out };
}

function load(data, name) {
  const p = join(data, name);
  const d = {
    base: readVecs(`${p}_base.fvecs`, Float32Array),
    query: readVecs(`${p}_query.fvecs`, Float32Array),
    gtd: readVecs(`${p}_gtd.fvecs`, Float32Array),
    metric: readFileSync(`${p}_metric.txt`, 'utf8').trim(),
  };
  if (d.metric !== 'ip' && d.metric !== 'l2') throw new Error(`${p}_metric.txt: want ip or l2`);
  if (d.query.dim !== d.base.dim || d.gtd.rows !== d.query.rows) {
    throw new Error(`${p}: base, query and ground-truth shapes disagree`);
  }
  return d;
}

function exactDistance(a, b, ip) {
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    if (ip) s += a[j] * b[j];
    else { const t = a[j] - b[j]; s += t * t; }
  }
  return ip ? -s : s;
}

// recall10 is the tie-aware recall@10 (JavaScript numbers are float64).
function recall10(d, results) {
  let hits = 0;
  for (let q = 0; q < d.query.rows; q++) {
    const thr = d.gtd.out[q][9];
    const limit = thr + 1e-6 * Math.abs(thr);
    for (const id of results[q].slice(0, 10)) {
      if (id >= 0 && id < d.base.rows && exactDistance(d.query.out[q], d.base.out[id], d.metric === 'ip') <= limit) hits++;
    }
  }
  return hits / (10 * d.query.rows);
}

const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

async function loadLibrary() {
  globalThis.importScripts ??= () => {};
  const dist = new URL('./node_modules/hnswlib-wasm/dist/', import.meta.url);
  const file = readdirSync(dist).find((n) => /^hnswlib-[0-9a-f]+\.js$/.test(n));
  if (!file) throw new Error('hnswlib-wasm: Emscripten module not found; run npm ci in bench/ann/peers/node');
  const factory = (await import(new URL(file, dist))).default;
  return factory();
}

async function main() {
  const a = parseArgs(process.argv.slice(2));
  const d = load(a.data, a.dataset);
  const lib = await loadLibrary();
  const heapTop = () => { const p = lib.asm.malloc(1 << 16); lib.asm.free(p); return p; };

  const h0 = heapTop();
  const c0 = cpuSeconds();
  const index = new lib.HierarchicalNSW(a.metric ?? d.metric, d.base.dim, '');
  index.initIndex(d.base.rows, a.M, a.efc, 100);
  for (let i = 0; i < d.base.rows; i++) index.addPoint(d.base.out[i], i, false);
  const build = cpuSeconds() - c0;
  const bytesPerVec = (heapTop() - h0) / d.base.rows;

  // Untimed warm-up at the first ef until the JIT has settled: at least 2 passes
  // and 1 CPU second (at most 20 passes).
  index.setEfSearch(a.efs[0]);
  for (let pass = 0, w0 = cpuSeconds(); pass < 20 && (pass < 2 || cpuSeconds() - w0 < 1); pass++) {
    for (let q = 0; q < d.query.rows; q++) index.searchKnn(d.query.out[q], 10, undefined);
  }
  for (const ef of a.efs) {
    index.setEfSearch(ef);
    const times = [];
    let results;
    for (let pass = 0; pass < 3; pass++) {
      results = new Array(d.query.rows);
      const t0 = cpuSeconds();
      for (let q = 0; q < d.query.rows; q++) results[q] = index.searchKnn(d.query.out[q], 10, undefined).neighbors;
      times.push(cpuSeconds() - t0);
    }
    times.sort((x, y) => x - y);
    console.log(JSON.stringify({
      impl: 'hnswlib-wasm', dataset: a.dataset, storage: 'f32', M: a.M, efc: a.efc, ef,
      recall10: Number(recall10(d, results).toFixed(4)),
      qps: Math.round(d.query.rows / times[1]),
      build_cpu_s: Number(build.toFixed(3)),
      bytes_per_vec: Number(bytesPerVec.toFixed(1)),
      load_s: null, threads: 1,
    }));
  }
}

main().catch((e) => { console.error(`hnswlib_wasm_bench: ${e.message ?? e}`); process.exit(1); });
