// Retrieval QPS of CoreRec against hnswlib-wasm in one page, on the same vectors, at equal recall (run
// by ann-bench.mjs in headless Chromium). ann-bench.html?bundle=URL&vectors=URL&q=200&k=10&passes=5
//
// The bundle's item vectors, dequantized (native --vectors), are what CoreRec's int8 HNSW scores and what
// hnswlib-wasm indexes (inner product, M 16, efConstruction 200, as `pack` builds our graph). Queries are
// the vectors of q random items; the truth is the exact top k by inner product over the same vectors.
// CoreRec answers recommend({history: [item], k, ef}) (a one-item history: its vector is the query),
// hnswlib-wasm searchKnn(vector, k) after setEfSearch(ef). CoreRec's bare vector search, rec.search(vector,
// k, {ef}), is the like-for-like peer of searchKnn: the same Float32Array query, the answer's indices copied
// into a JS array by both. For each ef, the best of `passes` passes over the queries, the sides taking turns.
// Result: window.annResult.
import { CoreRec } from './dist/corerec.js';
import { loadHnswlib } from './node_modules/hnswlib-wasm/dist/hnswlib.js';

const p = new URLSearchParams(location.search);
const bundle = p.get('bundle') ?? './dist/big.crec';
const vectorsURL = p.get('vectors') ?? './dist/big.f32';
const nq = Number(p.get('q') ?? 200);
const k = Number(p.get('k') ?? 10);
const efs = (p.get('efs') ?? '10,16,24,32,48,64,96,128,256').split(',').map(Number);
const passes = Number(p.get('passes') ?? 5);

function rng(seed) { // mulberry32
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// exactTopK returns the indices of the k largest q·row over all rows (ties: smaller index).
function exactTopK(vec, dim, q, k) {
  const n = vec.length / dim;
  const best = [];
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0, o = i * dim; j < dim; j++) s += q[j] * vec[o + j];
    if (best.length < k || s > best[best.length - 1][0]) {
      best.push([s, i]);
      best.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
      if (best.length > k) best.pop();
    }
  }
  return best.map((x) => x[1]);
}

function recall(truth, got) {
  let hit = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = new Set(truth[i]);
    for (const g of got[i]) if (t.has(g)) hit++;
  }
  return hit / (truth.length * k);
}

// timed runs each of fs over every query, passes times in turn (so both sides see the same load), and
// returns per f the best QPS and its last answers. An f may return {items, retrieveNs} to also report
// the QPS of the retrieve stage alone.
function timed(...fs) {
  const res = fs.map(() => ({ qps: 0, stageQPS: 0, answers: null }));
  for (let pass = 0; pass < passes; pass++) {
    fs.forEach((f, j) => {
      let stageNs = 0;
      const t = performance.now();
      const out = queries.map(f);
      const ms = performance.now() - t;
      res[j].answers = out.map((a) => (Array.isArray(a) ? a : a.items));
      for (const a of out) stageNs += a.retrieveNs ?? 0;
      res[j].qps = Math.max(res[j].qps, queries.length / (ms / 1000));
      if (stageNs) res[j].stageQPS = Math.max(res[j].stageQPS, queries.length / (stageNs / 1e9));
    });
  }
  return res;
}

let queries;

async function main() {
  const log = (s) => { document.querySelector('#out').textContent += `\n${s}`; };
  const rec = await CoreRec.load(bundle);
  const info = rec.manifest();
  const n = info.items, dim = info.dim;
  const vec = new Float32Array(await (await fetch(vectorsURL)).arrayBuffer());
  if (vec.length !== n * dim) throw new Error(`vectors: ${vec.length} floats for ${n} × ${dim}`);
  const ids = [];
  for (let off = 0; off < n; off += 10000) ids.push(...rec.catalog(off, 10000).items.map((x) => x.id));
  const r = rng(7);
  queries = Array.from({ length: nq }, () => Math.floor(r() * n));
  const qvec = (i) => vec.subarray(i * dim, (i + 1) * dim);
  const truth = queries.map((i) => exactTopK(vec, dim, qvec(i), k));
  log(`truth for ${nq} queries`);

  const lib = await loadHnswlib();
  const t0 = performance.now();
  const index = new lib.HierarchicalNSW('ip', dim, '');
  index.initIndex(n, 16, 200, 100);
  for (let i = 0; i < n; i++) index.addPoint(qvec(i), i, false);
  const buildMs = performance.now() - t0;
  log(`hnswlib-wasm build ${buildMs.toFixed(0)} ms`);

  const ours = (opts) => (i) => {
    const r = rec.recommend({ history: [ids[i]], k, ...opts });
    return { items: r.items.map((x) => x.index), retrieveNs: r.stages.find((s) => s.name === 'retrieve').duration_ns };
  };
  const search = (opts) => (i) => Array.from(rec.search(qvec(i), k, opts).indices);
  const rows = [];
  const [exact, searchExact] = timed(ours({ exact: true }), search({ exact: true }));
  rows.push({ ef: 'exact', oursQPS: exact.qps, oursStageQPS: exact.stageQPS, oursRecall: recall(truth, exact.answers),
    searchQPS: searchExact.qps, searchRecall: recall(truth, searchExact.answers) });
  for (const ef of efs) {
    index.setEfSearch(Math.max(ef, k));
    const [o, s, h] = timed(ours({ ef }), search({ ef }), (i) => Array.from(index.searchKnn(qvec(i), k, undefined).neighbors));
    rows.push({ ef, oursQPS: o.qps, oursStageQPS: o.stageQPS, oursRecall: recall(truth, o.answers),
      searchQPS: s.qps, searchRecall: recall(truth, s.answers), hnswQPS: h.qps, hnswRecall: recall(truth, h.answers) });
    log(JSON.stringify(rows[rows.length - 1]));
  }
  window.annResult = { items: n, dim, k, queries: nq, kernels: rec.kernels(), hnswBuildMs: buildMs, rows };
  rec.close();
}

main().catch((e) => { window.annResult = { error: String(e && e.stack ? e.stack : e) }; console.error(e); });
