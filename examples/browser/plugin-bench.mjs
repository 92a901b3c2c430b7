// Per-call cost of one rule plugin on 1,000 candidates in headless Chromium (the page's WebAssembly engine,
// the browser runtime, which runs rule plugins) and natively (rules/plugin on wazero), in one run:
//   node plugin-bench.mjs [BUNDLE] [N]     (BUNDLE default dist/bench-plugins.crec; see BENCHMARKS.md)
// The bundle retrieves 1,000 candidates and keeps them all for its rules: one plugin rule per request
// (rules: [NAME]), so the answer's rerank stage is that plugin's call on 1,000 candidates (plus the rule
// chain's bookkeeping, the same in both). Prints the median rerank stage per plugin and the ratio.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = process.argv[2] ?? 'dist/bench-plugins.crec';
const n = Number(process.argv[3] ?? 200);
const plugins = ['newer', 'diverse', 'band', '']; // '': no rule on (the chain's own cost)

const parity = JSON.parse(readFileSync(join(here, 'dist', 'parity.json'), 'utf8'));
const requests = [];
for (const name of plugins) {
  for (let i = 0; i < n; i++) {
    const r = parity.requests[i % parity.requests.length];
    requests.push({ ...r, k: 10, rules: name ? [name] : [], explain: false });
  }
}
const median = (a) => { const v = a.filter((x) => !Number.isNaN(x)).sort((x, y) => x - y); return v[Math.floor(v.length / 2)]; };
// the rerank stage's time, for answers whose rerank stage saw the 1,000 candidates (not a fallback)
const rerankNs = (a) => { const s = a.stages?.find((x) => x.name === 'rerank'); return s && s.in === 1000 ? s.duration_ns : NaN; };

// Native: the same requests through rules/plugin's wazero host.
const tmp = mkdtempSync(join(tmpdir(), 'corerec-pbench-'));
writeFileSync(join(tmp, 'req.json'), JSON.stringify(requests));
const native = JSON.parse(execFileSync('sh', ['-c', `"${join(here, 'dist', 'native')}" --bundle "${join(here, bundle)}" < "${join(tmp, 'req.json')}"`],
  { maxBuffer: 256 << 20 }));
rmSync(tmp, { recursive: true, force: true });

const server = spawn(join(here, 'dist', 'serve'), ['--dir', here], { stdio: ['ignore', 'pipe', 'inherit'] });
let base;
for await (const line of createInterface({ input: server.stdout })) {
  base = line.match(/at (http:\/\/\S+)/)?.[1];
  if (base) break;
}
let browser;
try {
  const profile = mkdtempSync(join(tmpdir(), 'corerec-pbench-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.COREREC_CHROMIUM ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto(`${base}style.css`);
  browser = await page.evaluate(async ([bundle, requests]) => {
    const { CoreRec } = await import('/dist/corerec.js');
    const rec = await CoreRec.load(`/${bundle}`);
    for (const r of requests.slice(0, 20)) rec.recommend(r); // warm up
    const out = [];
    for (const r of requests) {
      const t0 = performance.now();
      const a = rec.recommend(r);
      out.push({ stages: a.stages, ms: performance.now() - t0, error: a.error });
    }
    rec.close();
    return out;
  }, [bundle, requests]);
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
} finally {
  server.kill();
}
console.log(`${n} requests per plugin, 1,000 candidates each; median rerank stage (one plugin call + chain)`);
// (Chromium's clock is coarse — 100 µs, jittered, without cross-origin isolation — hence medians of many.)
console.log('plugin   | Chromium stage p50 ms | native (wazero) stage p50 ms | ratio | Chromium call p50 ms | measured');
for (const [p, name] of plugins.entries()) {
  const sl = (a) => a.slice(p * n, (p + 1) * n);
  const b = median(sl(browser).map(rerankNs)) / 1e6, w = median(sl(native).map(rerankNs)) / 1e6;
  const call = median(sl(browser).map((a) => a.ms));
  const count = sl(browser).filter((a) => !Number.isNaN(rerankNs(a))).length;
  console.log(`${(name || '(none)').padEnd(8)} | ${b.toFixed(3)} | ${w.toFixed(3)} | ${(b / w).toFixed(1)}× | ${call.toFixed(3)} | ${count}`);
}
