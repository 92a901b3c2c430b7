// The CoreRec browser example: a catalog, recommendations from the visitor's clicks, explanations, two
// request filters and a toggle for each of the bundle's own rules (a funnel bundle: index.html?bundle=URL),
// all computed in a Web Worker from one bundle. State for tests: window.corerecApp.
import { CoreRecWorker } from './dist/client.js';

const K = 10;
const SHOWN_PER_CATEGORY = 6;
const $ = (sel) => document.querySelector(sel);
const app = { ready: false, updates: 0, requests: [], responses: [] };
window.corerecApp = app;

function colour(category) {
  let h = 0;
  for (const c of category) h = (h * 31 + c.charCodeAt(0)) % 9973;
  return `hsl(${Math.round((h * 137.508) % 360)} 55% 42%)`; // golden-angle steps: neighbours differ
}

function tag(category) {
  const s = document.createElement('span');
  s.className = 'tag';
  s.textContent = category || 'none';
  s.style.background = colour(category);
  return s;
}

function title(id) {
  return `Item ${id.replace(/^\D+/, '')}`;
}

async function main() {
  const t0 = performance.now();
  const bundle = new URLSearchParams(location.search).get('bundle') ?? './dist/demo.crec';
  const rec = await CoreRecWorker.load(bundle);
  const info = await rec.manifest();
  const page = await rec.catalog(0, 10000);
  app.rec = rec;
  app.loadMs = performance.now() - t0;
  buildChips(info.categories);
  buildCatalog(page.items, rec);
  for (const c of info.categories) $('#only-category').append(new Option(`${c.name} (${c.items})`, c.name));
  buildRuleToggle(info.rules ?? [], rec);
  $('#exclude-seen').addEventListener('change', () => update(rec));
  $('#only-category').addEventListener('change', () => update(rec));
  $('#reset').addEventListener('click', async () => {
    await rec.clearHistory();
    document.querySelectorAll('.item.viewed').forEach((e) => e.classList.remove('viewed'));
    update(rec);
  });
  await update(rec);
  $('#status').textContent = `${info.items} items, dim ${info.dim}, ${info.manifest.kind} model · ` +
    `runtime and bundle loaded in ${app.loadMs.toFixed(0)} ms`;
  app.ready = true;
}

function buildChips(categories) {
  const chips = $('#chips');
  for (const c of categories) {
    const b = document.createElement('button');
    b.className = 'chip';
    b.type = 'button';
    b.textContent = c.name;
    b.dataset.category = c.name;
    b.style.background = colour(c.name);
    b.setAttribute('aria-pressed', 'true');
    b.addEventListener('click', () => {
      b.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
      for (const li of document.querySelectorAll(`#catalog li[data-category="${c.name}"]`)) {
        li.hidden = b.getAttribute('aria-pressed') === 'false';
      }
    });
    chips.append(b);
  }
}

// buildRuleToggle shows one switch per rule of the bundle, set as the bundle configures it; requests then
// name exactly the rules switched on (RecommendRequest.rules).
function buildRuleToggle(rules, rec) {
  const box = $('#bundle-rules');
  box.hidden = rules.length === 0;
  for (const r of rules) {
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.className = 'rule';
    input.dataset.rule = r.name;
    input.checked = r.on;
    input.addEventListener('change', () => update(rec));
    label.append(input, ` ${r.name}`);
    box.append(label);
  }
}

function buildCatalog(items, rec) {
  const perCat = new Map();
  const list = $('#catalog');
  for (const it of items) {
    const n = perCat.get(it.category) ?? 0;
    if (n >= SHOWN_PER_CATEGORY) continue;
    perCat.set(it.category, n + 1);
    const li = document.createElement('li');
    li.className = 'item';
    li.dataset.id = it.id;
    li.dataset.category = it.category;
    const sw = document.createElement('div');
    sw.className = 'swatch';
    sw.style.background = `linear-gradient(135deg, ${colour(it.category)}, #fff ${60 + (it.index % 30)}%)`;
    const t = document.createElement('div');
    t.className = 'title';
    t.textContent = title(it.id);
    li.append(sw, t, tag(it.category));
    li.addEventListener('click', async () => {
      await rec.record(it.id);
      li.classList.add('viewed');
      update(rec);
    });
    list.append(li);
  }
}

let pending = Promise.resolve();

// update recomputes the recommendations; calls are serialised so the last click always wins.
function update(rec) {
  pending = pending.then(() => render(rec)).catch((e) => {
    console.error(e);
    $('#status').textContent = `Error: ${e.message}`;
  });
  return pending;
}

async function render(rec) {
  const history = await rec.history();
  const req = { k: K, exclude_seen: $('#exclude-seen').checked };
  const cat = $('#only-category').value;
  if (cat) req.categories = [cat];
  const toggles = [...document.querySelectorAll('#bundle-rules input.rule')];
  if (toggles.length > 0) {
    req.rules = toggles.filter((t) => t.checked).map((t) => t.dataset.rule);
    req.explain = true;
  }
  if (history.length > 0) req.history = history;
  else req.user = 'visitor'; // unknown user without history: the popular fallback
  const t = performance.now();
  const res = await rec.recommend(req);
  const ms = performance.now() - t;
  showRecs(res);
  showHistory(history);
  $('#fallback').hidden = res.fallback !== 'popular';
  const stage = res.stages.find((s) => s.name.startsWith('retrieve') || s.name === 'fallback');
  const total = res.stages.reduce((a, s) => a + s.duration_ns, 0);
  $('#timing').textContent = `${stage.name}: ${(stage.duration_ns / 1e6).toFixed(2)} ms over ${stage.in} ` +
    `candidates · ${res.stages.length} stages ${(total / 1e6).toFixed(2)} ms · round trip to the worker ${ms.toFixed(1)} ms`;
  app.requests.push(req);
  app.responses.push(res);
  app.updates++;
  $('#status').dataset.updates = String(app.updates);
}

function showRecs(res) {
  const ol = $('#recs');
  ol.replaceChildren();
  const moved = new Map((res.trace?.items ?? []).map((t) => [t.id, (t.moves ?? []).map((m) => m.rule)]));
  for (const it of res.items) {
    const li = document.createElement('li');
    li.dataset.id = it.id;
    const score = document.createElement('span');
    score.className = 'score';
    score.textContent = it.score.toFixed(3);
    const name = document.createElement('strong');
    name.textContent = title(it.id) + ' ';
    li.append(score, name, tag(it.category));
    if (it.because) {
      const b = document.createElement('span');
      b.className = 'because';
      b.textContent = `because you viewed ${title(it.because)}`;
      li.append(b);
    }
    const rules = [...new Set(moved.get(it.id) ?? [])];
    if (rules.length > 0) {
      const m = document.createElement('span');
      m.className = 'moved';
      m.textContent = `moved by ${rules.join(', ')}`;
      li.append(m);
    }
    ol.append(li);
  }
}

function showHistory(history) {
  const ol = $('#history');
  ol.replaceChildren();
  for (const id of history.slice().reverse()) {
    const li = document.createElement('li');
    li.textContent = title(id);
    ol.append(li);
  }
}

main().catch((e) => {
  console.error(e);
  $('#status').textContent = `Error: ${e.message}`;
  $('#status').dataset.state = 'error';
});
