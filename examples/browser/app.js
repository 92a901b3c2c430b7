// The CoreRec browser example: a catalog, recommendations from the visitor's clicks, explanations and two
// rules, all computed in a Web Worker from one bundle. State for tests: window.corerecApp.
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
  const rec = await CoreRecWorker.load('./dist/demo.crec');
  const info = await rec.manifest();
  const page = await rec.catalog(0, 10000);
  app.rec = rec;
  app.loadMs = performance.now() - t0;
  buildChips(info.categories);
  buildCatalog(page.items, rec);
  for (const c of info.categories) $('#only-category').append(new Option(`${c.name} (${c.items})`, c.name));
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
  if (history.length > 0) req.history = history;
  else req.user = 'visitor'; // unknown user without history: the popular fallback
  const t = performance.now();
  const res = await rec.recommend(req);
  const ms = performance.now() - t;
  showRecs(res);
  showHistory(history);
  $('#fallback').hidden = res.fallback !== 'popular';
  const stage = res.stages.find((s) => s.name === 'retrieve' || s.name === 'fallback');
  $('#timing').textContent = `${stage.name}: ${(stage.duration_ns / 1e6).toFixed(2)} ms over ${stage.in} ` +
    `candidates · round trip to the worker ${ms.toFixed(1)} ms`;
  app.requests.push(req);
  app.responses.push(res);
  app.updates++;
  $('#status').dataset.updates = String(app.updates);
}

function showRecs(res) {
  const ol = $('#recs');
  ol.replaceChildren();
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
