// End-to-end test of the browser example in headless Debian Chromium (playwright-core), plus the wasip1
// build under node's WASI. scripts/test-browser.sh builds dist/ first: the runtime (corerec.wasm + JS),
// the demo bundle (pack demo), the native reference program and its 1,000 parity requests/answers, the
// static server and the wasip1 module. The ranker case builds its own bundle (pack train, pack build).
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const out = process.env.COREREC_OUT ?? join(here, '..', '..', 'out');
const chromiumPath = process.env.COREREC_CHROMIUM ?? '/usr/bin/chromium';
const run = promisify(execFile);

let server, base, context, page, profile;
const base0 = () => base;
const consoleErrors = [];

async function startServer() {
  server = spawn(join(dist, 'serve'), ['--dir', here], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout });
  for await (const line of lines) {
    const m = line.match(/at (http:\/\/\S+)/);
    if (m) return m[1];
  }
  throw new Error('serve printed no address');
}

before(async () => {
  base = await startServer();
  profile = mkdtempSync(join(tmpdir(), 'corerec-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  context.on('weberror', (e) => consoleErrors.push(String(e.error())));
  page.setDefaultTimeout(30000);
});

after(async () => {
  await context?.close();
  server?.kill();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// sameAnswers asserts equal item lists and scores equal to 1e-5 (relative above 1).
function sameAnswers(want, got, what) {
  assert.equal(got.length, want.length, `${what}: answer count`);
  for (let i = 0; i < want.length; i++) {
    const w = want[i], g = got[i];
    assert.equal(g.error, w.error, `${what} ${i}: error`);
    if (w.error) continue;
    assert.deepEqual(g.items.map((x) => x.id), w.items.map((x) => x.id), `${what} ${i}: items`);
    assert.deepEqual(g.items.map((x) => x.because ?? ''), w.items.map((x) => x.because ?? ''), `${what} ${i}: because`);
    assert.equal(g.fallback ?? '', w.fallback ?? '', `${what} ${i}: fallback`);
    for (let j = 0; j < w.items.length; j++) {
      const d = Math.abs(w.items[j].score - g.items[j].score) / Math.max(1, Math.abs(w.items[j].score));
      assert.ok(d <= 1e-5, `${what} ${i} item ${j}: score ${g.items[j].score} vs native ${w.items[j].score}`);
    }
  }
}

async function nativeAnswers(requests, bundle = 'demo.crec') {
  const file = join(mkdtempSync(join(tmpdir(), 'corerec-native-')), 'requests.json');
  writeFileSync(file, JSON.stringify(requests));
  const { stdout } = await run('sh', ['-c', `"${join(dist, 'native')}" --bundle "${join(dist, bundle)}" < "${file}"`],
    { maxBuffer: 64 << 20 });
  return JSON.parse(stdout);
}

const recIds = () => page.$$eval('#recs li', (lis) => lis.map((li) => li.dataset.id));
const updates = () => page.evaluate(() => window.corerecApp.updates);
async function afterUpdate(action) {
  const n = await updates();
  await action();
  await page.waitForFunction((n) => window.corerecApp.updates > n, n);
}

test('page: recommendations follow clicks and equal the native answers', async () => {
  await page.goto(`${base}index.html`);
  await page.waitForFunction(() => window.corerecApp && window.corerecApp.ready);
  assert.ok(await page.isVisible('#fallback'), 'a new visitor sees the popular fallback');
  const seen = [await recIds()];
  assert.equal(seen[0].length, 10);

  const items = page.locator('#catalog li.item');
  assert.ok((await items.count()) >= 40, 'the catalog shows items of every category');
  const clicked = [];
  for (const nth of [0, 9, 17]) {
    const it = items.nth(nth);
    clicked.push(await it.getAttribute('data-id'));
    await afterUpdate(() => it.click());
    const now = await recIds();
    assert.notDeepEqual(now, seen.at(-1), `recommendations change after clicking ${clicked.at(-1)}`);
    seen.push(now);
  }
  assert.ok(await page.isHidden('#fallback'));
  assert.deepEqual(await page.evaluate(() => window.corerecApp.rec.history()), clicked);
  const because = await page.$$eval('#recs .because', (s) => s.map((e) => e.textContent));
  assert.equal(because.length, 10, 'every recommendation says why');
  for (const b of because) assert.match(b, /^because you viewed Item \d+$/);
  for (const id of await recIds()) assert.ok(!clicked.includes(id), 'exclude seen holds');

  // The category rule.
  const cat = await page.locator('#only-category option').nth(3).getAttribute('value');
  await afterUpdate(() => page.selectOption('#only-category', cat));
  const cats = await page.$$eval('#recs li .tag', (s) => s.map((e) => e.textContent));
  assert.ok(cats.length > 0 && cats.every((c) => c === cat), `only ${cat}: ${cats}`);
  // Exclude seen off: the viewed items may come back; the answer still equals native (checked below).
  await afterUpdate(() => page.uncheck('#exclude-seen'));
  await afterUpdate(() => page.selectOption('#only-category', ''));
  assert.ok((await recIds()).some((id) => clicked.includes(id)), 'with exclude seen off, viewed items can return');

  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, 'browser-example.png'), fullPage: true });

  const { requests, responses } = await page.evaluate(() => window.corerecApp);
  assert.equal(requests.length, 7);
  sameAnswers(await nativeAnswers(requests), responses, 'page');
  assert.deepEqual(consoleErrors, []);
});

test('page: the rule toggle switches the funnel bundle\'s own rules; answers equal native', async () => {
  await page.goto(`${base}index.html?bundle=./dist/demo-funnel.crec`);
  await page.waitForFunction(() => window.corerecApp && window.corerecApp.ready);
  const toggles = () => page.$$eval('#bundle-rules input.rule', (xs) => xs.map((x) => [x.dataset.rule, x.checked]));
  assert.deepEqual(await toggles(), [['block', true], ['pin', false], ['promo', false], ['fresh', true], ['div', true]]);
  const items = page.locator('#catalog li.item');
  for (const nth of [2, 11]) await afterUpdate(() => items.nth(nth).click());
  const seen = [await recIds()];
  // promo (+2 for two categories) and div (at most 2 per category) change this visitor's list; block only
  // matters when its items come up.
  for (const [rule, on, changes] of [['promo', true, true], ['div', false, true], ['block', false, false], ['promo', false, true]]) {
    await afterUpdate(() => (on ? page.check : page.uncheck).call(page, `#bundle-rules input[data-rule="${rule}"]`));
    seen.push(await recIds());
    if (changes) assert.notDeepEqual(seen.at(-1), seen.at(-2), `recommendations change when ${rule} is switched ${on ? 'on' : 'off'}`);
    if (rule === 'promo' && on) {
      const moved = await page.$$eval('#recs .moved', (s) => s.map((e) => e.textContent));
      assert.ok(moved.some((m) => m.includes('promo')), `the trace says promo moved items: ${moved}`);
    }
  }
  const { requests, responses } = await page.evaluate(() => window.corerecApp);
  assert.deepEqual(requests.at(-1).rules, ['fresh']);
  sameAnswers(await nativeAnswers(requests, 'demo-funnel.crec'), responses, 'funnel page');
  assert.deepEqual(consoleErrors, []);
});

test('parity: 1,000 requests in Chromium equal the native answers (SIMD128 and pure-Go kernels, export and syscall/js calls)', async () => {
  const parity = JSON.parse(readFileSync(join(dist, 'parity.json'), 'utf8'));
  assert.equal(parity.requests.length, 1000);
  await page.goto(`${base}index.html`);
  await page.waitForFunction(() => window.corerecApp && window.corerecApp.ready);
  for (const [simd, kernels, direct] of [[true, 'simd128', true], [false, 'generic', true], [true, 'simd128', false]]) {
    const got = await page.evaluate(async ([requests, simd, direct]) => {
      const { CoreRec } = await import('./dist/corerec.js');
      const rec = await CoreRec.load('./dist/demo.crec', { simd, direct });
      const answers = requests.map((r) => { try { return rec.recommend(r); } catch (e) { return { error: e.message }; } });
      const kernels = rec.kernels();
      const transport = rec.transport();
      rec.close();
      return { answers, kernels, transport };
    }, [parity.requests, simd, direct]);
    assert.equal(got.kernels, kernels);
    assert.equal(got.transport, direct ? 'export' : 'syscall/js');
    sameAnswers(parity.answers, got.answers, `chromium ${kernels} ${got.transport}`);
  }
  assert.deepEqual(consoleErrors, []);
});

// traceShape is what must match exactly between native and browser traces (scores are compared by
// sameAnswers): each item's sources, positions and rule moves, and the removals.
const traceShape = (t) => t && {
  items: t.items.map((x) => [x.id, x.sources.map((s) => [s.retriever, s.rank, s.via ?? '']), x.fused, x.ranked, x.final,
    (x.moves ?? []).map((m) => [m.rule, m.from, m.to])]),
  removed: (t.removed ?? []).map((m) => [m.item, m.rule, m.from, m.to]),
};

// funnelRequests: the first 240 parity requests with the rule switch cycling through absent, false, true
// and lists, explain on every other one, then 60 of them again with the rules off.
const ruleVariants = [undefined, false, true, ['div'], ['promo', 'block'], []];
function funnelRequests() {
  const parity = JSON.parse(readFileSync(join(dist, 'parity.json'), 'utf8'));
  const base = parity.requests.slice(0, 240);
  const requests = base.map((r, i) => {
    const q = { ...r, explain: i % 2 === 0 };
    if (ruleVariants[i % ruleVariants.length] !== undefined) q.rules = ruleVariants[i % ruleVariants.length];
    return q;
  });
  // The same requests with the rules off, to see the toggle change answers.
  requests.push(...base.slice(0, 60).map((r) => ({ ...r, rules: false })));
  return { base, requests };
}

test('parity: a funnel bundle (pack build: three retrievers fused, rules) in Chromium equals native, rules toggled', async () => {
  const variants = ruleVariants;
  const { base, requests } = funnelRequests();
  const want = await nativeAnswers(requests, 'demo-funnel.crec');
  await page.goto(`${base0()}index.html`);
  const got = await page.evaluate(async (requests) => {
    const { CoreRec } = await import('./dist/corerec.js');
    const rec = await CoreRec.load('./dist/demo-funnel.crec');
    const rules = rec.manifest().rules;
    const answers = requests.map((r) => { try { return rec.recommend(r); } catch (e) { return { error: e.message }; } });
    rec.close();
    return { answers, rules };
  }, requests);
  assert.deepEqual(got.rules, [{ name: 'block', on: true }, { name: 'pin', on: false }, { name: 'promo', on: false },
    { name: 'fresh', on: true }, { name: 'div', on: true }]);
  sameAnswers(want, got.answers, 'funnel');
  for (let i = 0; i < want.length; i++) {
    assert.deepEqual(traceShape(got.answers[i].trace), traceShape(want[i].trace), `funnel ${i}: trace`);
    if (want[i].error) continue;
    const reranked = got.answers[i].stages.some((s) => s.name === 'rerank');
    assert.equal(reranked, requests[i].rules !== false, `funnel ${i}: rerank stage`);
    assert.equal(Boolean(got.answers[i].trace), Boolean(requests[i].explain), `funnel ${i}: trace when asked`);
  }
  const ids = (a) => JSON.stringify(a.items?.map((x) => x.id));
  const changed = base.slice(0, 60).filter((_, i) => i % variants.length === 0 && ids(got.answers[i]) !== ids(got.answers[240 + i]));
  assert.ok(changed.length > 0, 'switching the rules off changes some answers');
  assert.deepEqual(consoleErrors, []);
});

// pluginRequests: parity requests against a bundle with rule plugins, the rule switch cycling through
// variants that name plugins, explain on every other one.
function pluginRequests(n, variants) {
  const parity = JSON.parse(readFileSync(join(dist, 'parity.json'), 'utf8'));
  return parity.requests.slice(0, n).map((r, i) => {
    const q = { ...r, explain: i % 2 === 0 };
    if (variants[i % variants.length] !== undefined) q.rules = variants[i % variants.length];
    return q;
  });
}

// browserAnswers answers requests from bundle in the page (every browser build runs rule plugins).
async function browserAnswers(bundle, requests) {
  return page.evaluate(async ([bundle, requests]) => {
    const { CoreRec } = await import('./dist/corerec.js');
    const rec = await CoreRec.load(bundle);
    const rules = rec.manifest().rules;
    const answers = requests.map((r) => { try { return rec.recommend(r); } catch (e) { return { error: e.message }; } });
    rec.close();
    return { answers, rules };
  }, [bundle, requests]);
}

test('plugins: rule plugins on the page\'s WebAssembly engine equal rules/plugin on wazero natively', async () => {
  const variants = [undefined, false, ['newer'], ['diverse', 'band'], ['div', 'newer', 'diverse', 'band'], true];
  const requests = pluginRequests(240, variants);
  const want = await nativeAnswers(requests, 'demo-plugins.crec');
  await page.goto(`${base0()}index.html`);
  const got = await browserAnswers('./dist/demo-plugins.crec', requests);
  assert.deepEqual(got.rules.map((r) => r.name).slice(-3), ['newer', 'diverse', 'band']);
  sameAnswers(want, got.answers, 'plugins');
  let moved = 0;
  for (let i = 0; i < want.length; i++) {
    assert.ok(!want[i].error, `plugins ${i}: ${want[i].error}`);
    assert.deepEqual(traceShape(got.answers[i].trace), traceShape(want[i].trace), `plugins ${i}: trace`);
    moved += (got.answers[i].trace?.items ?? []).filter((x) => (x.moves ?? []).some((m) => ['newer', 'diverse', 'band'].includes(m.rule))).length;
  }
  assert.ok(moved > 0, 'the plugins move items (traces)');
  assert.deepEqual(consoleErrors, []);
});

test('plugins: a runaway plugin is stopped by fuel in Chromium with the native error; a skipped one degrades as natively', async () => {
  // loop: an endless loop, policy fail; grow: grows its memory without end, policy skip.
  const requests = pluginRequests(24, [undefined, false, ['loop'], ['grow'], ['block', 'grow']]);
  const want = await nativeAnswers(requests, 'demo-runaway.crec');
  await page.goto(`${base0()}index.html`);
  const got = await browserAnswers('./dist/demo-runaway.crec', requests);
  sameAnswers(want, got.answers, 'runaway');
  const fuel = got.answers.filter((a) => /plugin "loop": out of fuel: corerec_rerank used more than its 20000000 fuel/.test(a.error ?? ''));
  assert.equal(fuel.length, requests.filter((r) => r.rules === undefined || (Array.isArray(r.rules) && r.rules.includes('loop'))).length);
  assert.ok(got.answers.filter((a) => !a.error).length >= 12, 'requests without the failing plugin are answered');
  assert.deepEqual(consoleErrors, []);
});

// rankerBundle builds dist/demo-rank.crec from seeded MovieLens-shaped data (200 users, 500 items, 15
// ratings each): an MF retriever (pack train) and a DCN-v2 click ranker (pack train --model dcn: user and
// item attributes from u.user and u.item; a tiny model, two epochs), packed as retrieve 100 → rank → k
// (pack build). It returns requests over those ids: histories, and known users (the ranker's user
// features). About two seconds of work.
async function rankerBundle() {
  const dir = mkdtempSync(join(tmpdir(), 'corerec-ranker-'));
  let seed = 5;
  const rnd = (n) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const data = [], users = [], items = [];
  for (let u = 1; u <= 200; u++) {
    users.push([u, 18 + rnd(50), u % 2 ? 'M' : 'F', ['writer', 'other', 'student'][u % 3], '00000'].join('|'));
    const band = rnd(5) * 100; // each user favours one band of 100 items
    for (let t = 0; t < 15; t++) data.push([u, 1 + (t % 3 === 0 ? rnd(500) : band + rnd(100)), 1 + rnd(5), 880000000 + u * 100 + t].join('\t'));
  }
  for (let i = 1; i <= 500; i++) {
    const genres = Array.from({ length: 19 }, (_, g) => ((i + g) % 7 === 0 ? 1 : 0));
    items.push([i, `Movie ${i} (1995)`, '01-Jan-1995', '', 'http://x', ...genres].join('|'));
  }
  for (const [name, rows] of [['u.data', data], ['u.user', users], ['u.item', items]]) writeFileSync(join(dir, name), `${rows.join('\n')}\n`);
  const pack = (args) => run(process.env.GO ?? 'go', ['run', '../../cmd/pack', ...args], { cwd: here, maxBuffer: 16 << 20 });
  await pack(['train', '--data', join(dir, 'u.data'), '--out', join(dir, 'mf.crec'), '--epochs', '3']);
  await pack(['train', '--model', 'dcn', '--data', dir, '--out', join(dir, 'dcn.crec'), '--epochs', '2', '--embed-dim', '8',
    '--deep', '16', '--cross-layers', '2']);
  await pack(['build', '--retriever', join(dir, 'mf.crec'), '--ranker', join(dir, 'dcn.crec'), '--candidates', '100',
    '--keep', '50', '--out', join(dist, 'demo-rank.crec')]);
  rmSync(dir, { recursive: true, force: true });
  return Array.from({ length: 60 }, (_, i) => {
    const r = { k: 1 + (i % 15), exclude_seen: i % 2 === 0 };
    if (i % 3 === 2) r.user = String(1 + rnd(200));
    else r.history = Array.from({ length: 1 + rnd(6) }, () => String(1 + rnd(500)));
    return r;
  });
}

test('ranker: a bundle with a DCN-v2 ranker ranks in Chromium as natively (main thread and worker)', async () => {
  const requests = await rankerBundle();
  const want = await nativeAnswers(requests, 'demo-rank.crec');
  await page.goto(`${base0()}index.html`);
  const got = await browserAnswers('./dist/demo-rank.crec', requests);
  sameAnswers(want, got.answers, 'ranker');
  for (let i = 0; i < want.length; i++) {
    assert.ok(!want[i].error, `ranker ${i}: ${want[i].error}`);
    assert.equal(want[i].items.length, requests[i].k, `ranker ${i}: answer size`);
    assert.ok(want[i].stages.some((s) => s.name === 'rank' && s.in > requests[i].k), `ranker ${i}: a rank stage ran over the candidates`);
    assert.deepEqual(got.answers[i].stages.map((s) => s.name), want[i].stages.map((s) => s.name), `ranker ${i}: stages`);
  }
  const viaWorker = await page.evaluate(async (requests) => {
    const { CoreRecWorker } = await import('./dist/client.js');
    const w = await CoreRecWorker.load('./dist/demo-rank.crec');
    const answers = [];
    for (const r of requests) answers.push(await w.recommend(r));
    await w.close();
    return answers;
  }, requests.slice(0, 12));
  sameAnswers(want.slice(0, 12), viaWorker, 'ranker (worker)');
  assert.deepEqual(consoleErrors, []);
});

test('search: rec.search answers typed arrays, alike on the main thread and in the worker; bad input throws', async () => {
  await page.goto(`${base0()}index.html`);
  const r = await page.evaluate(async () => {
    const { CoreRec } = await import('./dist/corerec.js');
    const { CoreRecWorker } = await import('./dist/client.js');
    const rec = await CoreRec.load('./dist/demo.crec');
    const dim = rec.manifest().dim;
    const q = Float32Array.from({ length: dim }, (_, j) => Math.sin(j + 1));
    const a = rec.search(q, 12);
    const b = rec.search(Array.from(q), 12, { exact: true, ef: 40 });
    const errors = [];
    for (const [query, k, opts] of [[q.subarray(1), 10, {}], [q, 0, {}], [q, 10, { ef: -1 }], [q.map((x, j) => (j === 5 ? NaN : x)), 10, {}]]) {
      try { rec.search(query, k, opts); errors.push(''); } catch (e) { errors.push(e.message); }
    }
    const w = await CoreRecWorker.load('./dist/demo.crec');
    const c = await w.search(q, 12);
    await w.close();
    rec.close();
    const plain = (x) => ({ typed: x.indices instanceof Int32Array && x.scores instanceof Float32Array, indices: Array.from(x.indices), scores: Array.from(x.scores) });
    return { dim, a: plain(a), b: plain(b), c: plain(c), errors };
  });
  assert.ok(r.a.typed && r.c.typed, 'typed arrays');
  assert.equal(r.a.indices.length, 12);
  for (let j = 1; j < 12; j++) assert.ok(r.a.scores[j] <= r.a.scores[j - 1], 'best first');
  assert.ok(r.a.indices.every((i) => i >= 0 && i < 1000));
  assert.deepEqual(r.b, r.a, 'a bundle without a graph is scanned: exact and ef change nothing; arrays work as queries');
  assert.deepEqual(r.c, r.a, 'worker');
  assert.match(r.errors[0], new RegExp(`query has ${r.dim - 1} values, the bundle's dim is ${r.dim}`));
  assert.match(r.errors[1], /k = 0 is outside 1\.\.10000/);
  assert.match(r.errors[2], /ef must be a non-negative integer/);
  assert.match(r.errors[3], /not finite/);
  assert.deepEqual(consoleErrors, []);
});

test('API: similar, manifest, catalog, session history, errors (main thread and worker)', async () => {
  await page.goto(`${base}index.html`);
  await page.waitForFunction(() => window.corerecApp && window.corerecApp.ready);
  const r = await page.evaluate(async () => {
    const { CoreRec } = await import('./dist/corerec.js');
    const bytes = await (await fetch('./dist/demo.crec')).arrayBuffer();
    const rec = await CoreRec.load(bytes, { maxHistory: 2 });
    const out = {};
    out.info = rec.manifest();
    out.page = rec.catalog(998, 10);
    out.similar = rec.similar('i0005', 4).items.map((x) => x.id);
    rec.record('i0001'); rec.record('i0002'); out.history = rec.record('i0003');
    out.session = rec.recommend({ k: 3, exclude_seen: true }).items.map((x) => x.because);
    out.explicit = rec.recommend({ history: ['i0002', 'i0003'], k: 3, exclude_seen: true }).items.map((x) => x.because);
    rec.clearHistory();
    for (const [name, f] of [['k', () => rec.recommend({ history: ['i0001'], k: -1 })],
      ['empty', () => rec.recommend({})], ['unknown', () => rec.similar('nope')],
      ['type', () => rec.recommend({ history: 'i0001' })]]) {
      try { f(); out[name] = 'no error'; } catch (e) { out[name] = e.message; }
    }
    rec.close();
    try { await CoreRec.load(new Uint8Array([1, 2, 3])); out.bad = 'no error'; } catch (e) { out.bad = e.message; }
    const w = window.corerecApp.rec; // the page's worker client
    out.workerSimilar = (await w.similar('i0005', 4)).items.map((x) => x.id);
    try { await w.similar('nope'); out.workerErr = 'no error'; } catch (e) { out.workerErr = e.message; }
    return out;
  });
  assert.equal(r.info.items, 1000);
  assert.equal(r.info.categories.length, 20);
  assert.equal(r.info.manifest.kind, 'mf');
  assert.deepEqual(r.page.items.map((x) => x.id), ['i0998', 'i0999']);
  assert.equal(r.page.total, 1000);
  assert.equal(r.similar.length, 4);
  assert.ok(!r.similar.includes('i0005'));
  assert.deepEqual(r.workerSimilar, r.similar);
  assert.deepEqual(r.history, ['i0002', 'i0003'], 'maxHistory keeps the latest');
  assert.deepEqual(r.session, r.explicit, 'recommend() without a history uses the session');
  assert.match(r.k, /negative/);
  assert.match(r.empty, /give a user/);
  assert.match(r.unknown, /unknown item/);
  assert.match(r.type, /history must be an array/);
  assert.match(r.bad, /^runtime: /);
  assert.match(r.workerErr, /unknown item/);
  assert.deepEqual(consoleErrors, []);
});

test('parity: 1,000 requests under node WASI (wasip1 build) equal the native answers', async () => {
  const parity = JSON.parse(readFileSync(join(dist, 'parity.json'), 'utf8'));
  const tmp = mkdtempSync(join(tmpdir(), 'corerec-wasi-'));
  const calls = join(tmp, 'calls.jsonl'), answers = join(tmp, 'answers.jsonl');
  writeFileSync(calls, parity.requests.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await run(process.execPath, ['--no-warnings', join(here, '..', '..', 'cmd', 'wasip1', 'testdata', 'node-wasi.mjs'),
    join(dist, 'corerec-wasip1.wasm'), join(dist, 'demo.crec'), calls, answers]);
  const got = readFileSync(answers, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  sameAnswers(parity.answers, got, 'wasip1');
  rmSync(tmp, { recursive: true, force: true });
});

test('parity: the funnel bundle under node WASI (wasip1 build) equals native, rules toggled', async () => {
  const { requests } = funnelRequests();
  const want = await nativeAnswers(requests, 'demo-funnel.crec');
  const tmp = mkdtempSync(join(tmpdir(), 'corerec-wasi-'));
  const calls = join(tmp, 'calls.jsonl'), answers = join(tmp, 'answers.jsonl');
  writeFileSync(calls, requests.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await run(process.execPath, ['--no-warnings', join(here, '..', '..', 'cmd', 'wasip1', 'testdata', 'node-wasi.mjs'),
    join(dist, 'corerec-wasip1.wasm'), join(dist, 'demo-funnel.crec'), calls, answers]);
  const got = readFileSync(answers, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  sameAnswers(want, got, 'wasip1 funnel');
  for (let i = 0; i < want.length; i++) {
    assert.deepEqual(traceShape(got[i].trace), traceShape(want[i].trace), `wasip1 funnel ${i}: trace`);
  }
  assert.ok(got.some((a) => a.trace), 'some answers carry a trace');
  rmSync(tmp, { recursive: true, force: true });
});
