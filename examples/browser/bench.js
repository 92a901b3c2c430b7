// Browser benchmark (run by bench.mjs in headless Chromium): bench.html?bundle=URL&n=1000&k=10&hist=5&simd=1
// (&rules=0: requests with rules: false, the funnel without its rerank stage)
// Measures load-to-first-recommendation (fetch + streaming compile of the runtime, bundle fetch, copy into
// Go memory, CRC check, first request), then n requests with random histories: the wall time of each call
// (JS → Go → JS) and the runtime's own retrieve-stage time. Result: window.benchResult.
import { CoreRec } from './dist/corerec.js';

const q = new URLSearchParams(location.search);
const bundle = q.get('bundle') ?? './dist/demo.crec';
const n = Number(q.get('n') ?? 1000);
const k = Number(q.get('k') ?? 10);
const hist = Number(q.get('hist') ?? 5);
const simd = q.get('simd') !== '0'; // simd=0: the pure-Go kernels
const rules = q.get('rules') !== '0';

function rng(seed) { // mulberry32
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// retrieveMs is the retrieval stages' time: "retrieve", or with a funnel bundle "retrieve/KIND" per retriever
// and their fusion; pipelineMs is every stage's.
const retrieveMs = (res) => res.stages.filter((s) => s.name.startsWith('retrieve') || s.name === 'fuse')
  .reduce((a, s) => a + s.duration_ns, 0) / 1e6;
const pipelineMs = (res) => res.stages.reduce((a, s) => a + s.duration_ns, 0) / 1e6;

const pct = (v, p) => v.slice().sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor(p * v.length))];

async function main() {
  const t0 = performance.now();
  const rec = await CoreRec.load(bundle, { simd });
  const tLoaded = performance.now();
  const first = rec.recommend({ history: [rec.catalog(0, 1).items[0].id], k, rules });
  const tFirst = performance.now();
  if (first.items.length !== k) throw new Error('no first recommendation');
  const firstRetrieveMs = retrieveMs(first);
  const ids = rec.catalog(0, 10000).items.map((x) => x.id);
  const info = rec.manifest();
  const r = rng(1);
  const wall = [], retrieve = [], pipeline = [];
  for (let i = 0; i < n; i++) {
    const history = Array.from({ length: hist }, () => ids[Math.floor(r() * ids.length)]);
    const t = performance.now();
    const res = rec.recommend({ history, k, rules });
    wall.push(performance.now() - t);
    retrieve.push(retrieveMs(res));
    pipeline.push(pipelineMs(res));
  }
  const kernels = rec.kernels();
  rec.close();
  window.benchResult = {
    items: info.items, dim: info.dim, bundle, n, k, hist, kernels, rules, stages: first.stages.map((s) => s.name),
    loadMs: tLoaded - t0, firstRecMs: tFirst - t0, firstRetrieveMs,
    wallP50: pct(wall, 0.5), wallP99: pct(wall, 0.99), retrieveP50: pct(retrieve, 0.5), retrieveP99: pct(retrieve, 0.99),
    pipelineP50: pct(pipeline, 0.5), pipelineP99: pct(pipeline, 0.99),
    crossOriginIsolated: self.crossOriginIsolated,
  };
  document.querySelector('#out').textContent = JSON.stringify(window.benchResult, null, 2);
}

main().catch((e) => { window.benchResult = { error: String(e) }; console.error(e); });
