// Runs ann-bench.html in headless Chromium and prints CoreRec's and hnswlib-wasm's QPS and recall per ef,
// and the QPS ratio at equal recall. Not part of the test command (building hnswlib-wasm's index of 100K
// items takes minutes). After scripts/test-browser.sh has built dist/:
//   dist/native --big 100000 --out dist/big.crec && dist/native --bundle dist/big.crec --vectors --out dist/big.f32
//   node ann-bench.mjs dist/big.crec dist/big.f32 [QUERIES [PASSES]]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
if (!existsSync(new URL('./node_modules/hnswlib-wasm/package.json', import.meta.url))) throw new Error('npm ci in examples/browser first (hnswlib-wasm is an optional dependency; the test command skips it)');

const here = dirname(fileURLToPath(import.meta.url));
const [bundle = 'dist/big.crec', vectors = 'dist/big.f32', q = '200', passes = '5'] = process.argv.slice(2);

const server = spawn(join(here, 'dist', 'serve'), ['--dir', here], { stdio: ['ignore', 'pipe', 'inherit'] });
let base;
for await (const line of createInterface({ input: server.stdout })) {
  base = line.match(/at (http:\/\/\S+)/)?.[1];
  if (base) break;
}
const profile = mkdtempSync(join(tmpdir(), 'corerec-annbench-'));
let r;
try {
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.COREREC_CHROMIUM ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  page.on('console', (m) => { if (m.type() === 'error') console.error('page:', m.text()); });
  await page.goto(`${base}ann-bench.html?bundle=${encodeURIComponent(bundle)}&vectors=${encodeURIComponent(vectors)}&q=${q}&passes=${passes}`);
  await page.waitForFunction(() => window.annResult, null, { timeout: 3600000, polling: 1000 });
  r = await page.evaluate(() => window.annResult);
  await ctx.close();
} finally {
  server.kill();
  rmSync(profile, { recursive: true, force: true });
}
if (r.error) throw new Error(r.error);
console.log(JSON.stringify(r));
console.log(`\n${r.items} items × dim ${r.dim}, k ${r.k}, ${r.queries} queries, kernels ${r.kernels}; hnswlib-wasm build ${(r.hnswBuildMs / 1000).toFixed(1)} s`);
console.log('ef      recommend QPS  retrieve-stage QPS  recall   search QPS  recall   hnswlib-wasm QPS  recall');
for (const x of r.rows) {
  console.log(`${String(x.ef).padEnd(6)} ${x.oursQPS.toFixed(0).padStart(14)}  ${x.oursStageQPS.toFixed(0).padStart(18)}  ${x.oursRecall.toFixed(3)}  ` +
    `${x.searchQPS.toFixed(0).padStart(10)}  ${x.searchRecall.toFixed(3)}  ${(x.hnswQPS ?? NaN).toFixed(0).padStart(16)}  ${(x.hnswRecall ?? NaN).toFixed(3)}`);
}
// At equal recall: both indexes are HNSW with M 16 and efConstruction 200 over the same vectors, and at
// each ef their recalls agree to within half a point, so the QPS ratio is taken per ef; its geometric mean
// over the ef values summarises it (single passes move by 2× on a loaded machine).
const graph = r.rows.filter((x) => x.hnswQPS);
const gmean = (v) => Math.exp(v.reduce((a, b) => a + Math.log(b), 0) / v.length);
const call = graph.map((x) => x.oursQPS / x.hnswQPS), stage = graph.map((x) => x.oursStageQPS / x.hnswQPS);
const bare = graph.map((x) => x.searchQPS / x.hnswQPS);
const gap = (key) => Math.max(...graph.map((x) => Math.abs(x[key] - x.hnswRecall))).toFixed(4);
const line = (v) => `${v.map((x) => x.toFixed(2)).join(' ')} (geomean ${gmean(v).toFixed(2)}×)`;
console.log(`max recall gap to hnswlib-wasm: recommend ${gap('oursRecall')}, search ${gap('searchRecall')}`);
console.log(`QPS ratio ours/hnswlib-wasm per ef (${graph.map((x) => x.ef).join(' ')}):`);
console.log(`  rec.search        ${line(bare)}`);
console.log(`  recommend call    ${line(call)}`);
console.log(`  retrieve stage    ${line(stage)}`);
// The graphs differ (ours is pack's), so recalls at one ef need not agree. At equal recall: against each
// hnswlib-wasm row, our QPS at the smallest ef whose recall is at least that row's (ef rows in order).
const atRecall = (qps, rec) => graph.map((h) => {
  const x = graph.find((o) => o[rec] >= h.hnswRecall);
  return x ? x[qps] / h.hnswQPS : NaN;
});
console.log(`QPS ratio at equal or better recall (our smallest ef reaching hnswlib-wasm's recall at each ef):`);
console.log(`  rec.search        ${line(atRecall('searchQPS', 'searchRecall'))}`);
console.log(`  recommend call    ${line(atRecall('oursQPS', 'oursRecall'))}`);
