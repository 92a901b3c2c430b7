// Runs bench.html in headless Chromium: node bench.mjs [BUNDLE_URL_PATH] [RUNS] [EXTRA_QUERY, e.g. simd=0]
// (after scripts/test-browser.sh has built dist/; for the 100K-item bundle:
//  dist/native --big 100000 --out dist/big.crec && node bench.mjs dist/big.crec 5).
// Each run is a fresh browser with a fresh profile (nothing cached); prints each run and the medians.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = process.argv[2] ?? 'dist/demo.crec';
const runs = Number(process.argv[3] ?? 5);
const extra = process.argv[4] ? `&${process.argv[4]}` : '';

const server = spawn(join(here, 'dist', 'serve'), ['--dir', here], { stdio: ['ignore', 'pipe', 'inherit'] });
let base;
for await (const line of createInterface({ input: server.stdout })) {
  base = line.match(/at (http:\/\/\S+)/)?.[1];
  if (base) break;
}
const results = [];
try {
  for (let i = 0; i < runs; i++) {
    const profile = mkdtempSync(join(tmpdir(), 'corerec-bench-'));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.COREREC_CHROMIUM ?? '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto(`${base}bench.html?bundle=${encodeURIComponent(bundle)}&n=1000${extra}`);
    await page.waitForFunction(() => window.benchResult, null, { timeout: 600000 });
    const r = await page.evaluate(() => window.benchResult);
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
    if (r.error) throw new Error(r.error);
    console.log(JSON.stringify(r));
    results.push(r);
  }
} finally {
  server.kill();
}
const med = (f) => results.map(f).sort((a, b) => a - b)[Math.floor(results.length / 2)];
const r0 = results[0];
console.log(`\n${r0.items} items × dim ${r0.dim}, kernels ${r0.kernels}, ${runs} runs (medians); crossOriginIsolated=${r0.crossOriginIsolated}`);
console.log(`load (runtime + bundle) ${med((r) => r.loadMs).toFixed(0)} ms, load-to-first-recommendation ${med((r) => r.firstRecMs).toFixed(0)} ms (first retrieve ${med((r) => r.firstRetrieveMs).toFixed(1)} ms)`);
console.log(`recommend k=${r0.k}, history ${r0.hist}: call p50 ${med((r) => r.wallP50).toFixed(2)} ms, p99 ${med((r) => r.wallP99).toFixed(2)} ms; ` +
  `retrieve stage p50 ${med((r) => r.retrieveP50).toFixed(2)} ms, p99 ${med((r) => r.retrieveP99).toFixed(2)} ms; ` +
  `all stages p50 ${med((r) => r.pipelineP50).toFixed(2)} ms, p99 ${med((r) => r.pipelineP99).toFixed(2)} ms (${r0.stages.join(' ')}, rules ${r0.rules})`);
