// Runs rank-bench.html in headless Chromium: our ranker compiled to wasm against onnxruntime-web, same
// weights, same candidates, one page (see rank-bench.js).
//
//   bench/rank/run.sh                                   # once: trains, writes OUT/{dcn,deepfm}.crec + ONNX export
//   node rank-bench.mjs OUT [N=500] [REPS=200] [RUNS=1]
//
// It builds wasm/cmd/rankbench and the static server, copies the bundles, the ONNX models and their inputs
// into dist/rank/, and runs RUNS fresh browsers (fresh profile each), printing each run's JSON and a table.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const [out, nArg, repsArg, runsArg] = process.argv.slice(2);
if (!out) throw new Error('usage: node rank-bench.mjs OUT [N] [REPS] [RUNS] (OUT: bench/rank/run.sh output)');
const n = Number(nArg ?? 500);
const reps = Number(repsArg ?? 200);
const runs = Number(runsArg ?? 1);
if (!existsSync(join(here, 'node_modules/onnxruntime-web'))) throw new Error('npm ci in examples/browser first (onnxruntime-web is an optional dependency; the test command skips it)');

const dist = join(here, 'dist/rank');
mkdirSync(dist, { recursive: true });
const go = process.env.GO ?? 'go';
const env = { ...process.env, GOOS: 'js', GOARCH: 'wasm' };
execFileSync(go, ['build', '-trimpath', '-ldflags=-s -w', '-o', join(dist, 'rankbench.wasm'), './wasm/cmd/rankbench'], { cwd: root, env, stdio: 'inherit' });
const goroot = execFileSync(go, ['env', 'GOROOT']).toString().trim();
copyFileSync(join(goroot, 'lib/wasm/wasm_exec.js'), join(dist, 'wasm_exec.js'));
copyFileSync(join(root, 'wasm/simd/kernels.wasm'), join(dist, 'kernels.wasm'));
const models = ['dcn', 'deepfm'].filter((m) => existsSync(join(out, `${m}.crec`)));
for (const m of models) {
  copyFileSync(join(out, `${m}.crec`), join(dist, `${m}.crec`));
  copyFileSync(join(out, 'weights', m, 'model.onnx'), join(dist, `${m}.onnx`));
  copyFileSync(join(out, 'weights', m, 'onnx_inputs.json'), join(dist, `${m}.inputs.json`));
}
const serveBin = join(here, 'dist/serve');
execFileSync(go, ['build', '-o', serveBin, './examples/browser/serve'], { cwd: root, stdio: 'inherit' });

const server = spawn(serveBin, ['--dir', here], { stdio: ['ignore', 'pipe', 'inherit'] });
let base;
for await (const line of createInterface({ input: server.stdout })) {
  base = line.match(/at (http:\/\/\S+)/)?.[1];
  if (base) break;
}
const results = [];
try {
  for (let i = 0; i < runs; i++) {
    const profile = mkdtempSync(join(tmpdir(), 'corerec-rank-bench-'));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.COREREC_CHROMIUM ?? '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${base}rank-bench.html?dir=dist/rank/&n=${n}&reps=${reps}&models=${models.join(',')}`);
    await page.waitForFunction(() => window.rankResult, null, { timeout: 1800000 });
    const r = await page.evaluate(() => window.rankResult);
    await ctx.close();
    rmSync(profile, { recursive: true, force: true });
    if (r.error) throw new Error(r.error);
    r.consoleErrors = errors;
    console.log(JSON.stringify(r));
    results.push(r);
  }
} finally {
  server.kill();
}
const loadavg = execFileSync('cat', ['/proc/loadavg']).toString().split(' ').slice(0, 3).join(' ');
console.log(`\n${n} candidates, ${reps} calls per side taking turns, ${runs} browser run(s); onnxruntime-web ${results[0].ort}, crossOriginIsolated=${results[0].crossOriginIsolated}; load now ${loadavg}`);
for (const r of results) {
  console.log(`empty call into Go: ${r.emptyCallUs.funcOf.toFixed(2)} µs via syscall/js (js.FuncOf), ${r.emptyCallUs.wasmexport.toFixed(2)} µs via //go:wasmexport`);
  for (const m of r.results) {
    const ortMs = m.sides['onnxruntime-web'].medianMs;
    for (const [name, s] of Object.entries(m.sides)) {
      console.log(`${m.model.padEnd(7)} ${name.padEnd(16)} median ${s.medianMs.toFixed(3).padStart(8)} ms  p90 ${s.p90Ms.toFixed(3).padStart(8)} ms` +
        `  onnxruntime-web/this ${(ortMs / s.medianMs).toFixed(2).padStart(5)}×  max|Δ| vs ORT ${s.maxDiffVsORT.toExponential(1)}` +
        `${name.startsWith('ours') && !s.bitIdenticalToFirst ? ' (differs from the first side)' : ''}`);
    }
  }
}
