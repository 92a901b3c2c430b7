// CoreRec in the browser: an ES module over the Go runtime compiled to WebAssembly (corerec.wasm, built
// from this folder's main.go). Types: corerec.d.ts. See README.md beside this file.
import './wasm_exec.js'; // Go's loader (copied from $(go env GOROOT)/lib/wasm at build time); defines globalThis.Go

const defaultWasm = new URL('./corerec.wasm', import.meta.url);
const compiled = new Map(); // wasm URL → Promise<WebAssembly.Module>
const simdModules = new Map(); // SIMD kernels URL → Promise<WebAssembly.Module | null>
let nextId = 0;

async function instantiate(wasmURL, importObject) {
  const key = String(wasmURL);
  if (compiled.has(key)) {
    return WebAssembly.instantiate(await compiled.get(key), importObject);
  }
  const p = (async () => {
    const resp = await fetch(wasmURL);
    if (!resp.ok) throw new Error(`corerec: fetch ${wasmURL}: HTTP ${resp.status}`);
    return WebAssembly.instantiateStreaming(resp, importObject);
  })();
  compiled.set(key, p.then((r) => r.module));
  p.catch(() => compiled.delete(key));
  return (await p).instance;
}

// The SIMD128 scan kernels (wasm/simd/kernels.wat), compiled once per page; null when the engine lacks
// SIMD128 or the file cannot be fetched: the runtime then keeps its pure-Go kernels.
function simdModule(url) {
  const key = String(url);
  if (!simdModules.has(key)) {
    simdModules.set(key, (async () => {
      try {
        const resp = await fetch(url);
        if (!resp.ok) return null;
        const bytes = await resp.arrayBuffer();
        return WebAssembly.validate(bytes) ? await WebAssembly.compile(bytes) : null;
      } catch {
        return null;
      }
    })());
  }
  return simdModules.get(key);
}

// simdImports are the "corerec_simd" imports of corerec.wasm (wasm/simd/simd.go). The kernels are bound
// after the Go instance exists, since they share its memory; until then (and without SIMD) available()
// answers 0 and Go keeps its own kernels.
function simdImports() {
  let k = null;
  return {
    imports: {
      available: () => (k ? 1 : 0),
      dotBatch: (q, rows, out, d, n) => k.dotBatch(q, rows, out, d, n),
      dotBatchInt8: (q, codes, out, d, n) => k.dotBatchInt8(q, codes, out, d, n),
      gatherDot: (q, rows, ids, out, d, n) => k.gatherDot(q, rows, ids, out, d, n),
      gatherDotInt8Row: (q, codes, ids, out, scale, offset, sumQ, d, n) =>
        k.gatherDotInt8Row(q, codes, ids, out, scale, offset, sumQ, d, n),
      // the rankers' GEMM micro-kernel
      gemmTiles: (steps, a, rs, ss, b, c, ldc, alpha, beta, tiles, panels) =>
        k.gemmTiles(steps, a, rs, ss, b, c, ldc, alpha, beta, tiles, panels),
    },
    async bind(module, memory) {
      if (module) k = (await WebAssembly.instantiate(module, { go: { mem: memory } })).exports;
    },
  };
}

// pluginEngine is the page's WebAssembly engine for a bundle's rule plugins (wasm/pluginhost/js.go): Go
// checks and meters each plugin (rules/plugin/meter: fuel, stack budget, memory cap in the module's
// declared maximum) and hands the metered bytes here, to be compiled and instantiated synchronously with
// the one import the ABI allows. Calls set the metering globals, catch every trap (exhausted fuel is an
// unreachable the metering inserted) and report the globals and the memory size in `state`.
function pluginEngine(goMemory) {
  const modules = new Map();
  const instances = new Map();
  const state = new Float64Array(5); // value, fuel, stack, pages, engine stack overflow
  let next = 1;
  const message = (e) => String((e && e.message) || e || 'trap');
  // guest runs x[fn](a, b) and writes its outcome (value, fuel, stack, pages, overflow) to out[at..at+5)
  const guest = (x, fn, a, b, out, at) => {
    let trap = '';
    out[at] = 0;
    out[at + 4] = 0;
    try {
      out[at] = x[fn](a, b) >>> 0;
    } catch (e) {
      trap = message(e);
      if (e instanceof RangeError) out[at + 4] = 1; // the engine's own call stack ran out
    }
    out[at + 1] = Number(x.corerec_fuel.value);
    out[at + 2] = x.corerec_stack.value;
    out[at + 3] = x.memory.buffer.byteLength / 65536;
    return trap;
  };
  return {
    state: new Uint8Array(state.buffer),
    compile(bytes) {
      try {
        modules.set(next, new WebAssembly.Module(bytes));
        return next++;
      } catch (e) {
        return message(e);
      }
    },
    dropModule(id) {
      modules.delete(id);
    },
    instantiate(id) {
      let inst = null;
      // corerec.log(ptr, len): costs fuel as natively (pluginhost.LogFuel); the page keeps no plugin log
      const log = () => {
        const fuel = inst && inst.exports.corerec_fuel;
        if (fuel) fuel.value -= 10000n;
      };
      try {
        inst = new WebAssembly.Instance(modules.get(id), { corerec: { log } });
      } catch (e) {
        return message(e);
      }
      instances.set(next, inst);
      return next++;
    },
    call(id, fn, set, fuel, stack, a, b) {
      const x = instances.get(id).exports;
      if (set) {
        x.corerec_fuel.value = BigInt(fuel);
        x.corerec_stack.value = stack;
      }
      return guest(x, fn, a, b, state, 0);
    },
    // rerank is one ABI call in one crossing (pluginhost.RerankCall): the input is read from and the
    // output block written to Go's memory, the outcome to the 12 float64 at statePtr there: alloc's
    // (5), whether rerank ran, rerank's (5), the bytes copied out.
    rerank(id, fuel, stack, inPtr, inLen, outPtr, outCap, statePtr) {
      const x = instances.get(id).exports;
      const st = new Float64Array(goMemory(), statePtr, 12);
      st.fill(0);
      x.corerec_fuel.value = BigInt(fuel);
      x.corerec_stack.value = stack;
      let trap = guest(x, 'corerec_alloc', inLen, 0, st, 0);
      const ptr = st[0];
      if (trap || ptr === 0 || ptr + inLen > x.memory.buffer.byteLength) return trap;
      new Uint8Array(x.memory.buffer, ptr, inLen).set(new Uint8Array(goMemory(), inPtr, inLen));
      x.corerec_stack.value = stack;
      trap = guest(x, 'corerec_rerank', ptr, inLen, st, 6);
      st[5] = 1;
      const out = st[6];
      if (trap || out === 0) return trap;
      const n = Math.max(0, Math.min(outCap, x.memory.buffer.byteLength - out));
      new Uint8Array(goMemory(), outPtr, n).set(new Uint8Array(x.memory.buffer, out, n));
      st[11] = n;
      return '';
    },
    view(id, ptr, n) {
      const buf = instances.get(id).exports.memory.buffer;
      return ptr + n <= buf.byteLength ? new Uint8Array(buf, ptr, n) : null;
    },
    drop(id) {
      instances.delete(id);
    },
  };
}

async function bundleBytes(source) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  const resp = await fetch(source);
  if (!resp.ok) throw new Error(`corerec: fetch ${source}: HTTP ${resp.status}`);
  return new Uint8Array(await resp.arrayBuffer());
}

// unwrap returns an answer of the runtime: recommendations arrive as one JSON string (one crossing of
// the JS ↔ Go boundary instead of one per field), the rest as objects; {error} throws.
// directRecommend calls the runtime's recommend export (wasm/export.go) — a plain WebAssembly call, where
// a syscall/js function costs tens of microseconds — or returns null when the module has no such export.
function directRecommend(exports) {
  if (typeof exports.corerec_recommend !== 'function') return null;
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  return (json) => {
    const bytes = enc.encode(json);
    const ptr = exports.corerec_request_buffer(bytes.length);
    if (ptr === 0) throw new Error(`corerec: request of ${bytes.length} bytes is too large`);
    new Uint8Array(exports.mem.buffer, ptr, bytes.length).set(bytes);
    const r = exports.corerec_recommend(bytes.length); // an i64: a BigInt
    const at = Number(r & 0xffffffffn);
    const text = dec.decode(new Uint8Array(exports.mem.buffer, at, Number((r >> 32n) & 0x7fffffffn)));
    if (r >> 63n) throw new Error(text || 'corerec: the runtime is not running');
    return JSON.parse(text);
  };
}

// directSearch calls the runtime's vector-search export (wasm/export.go): the query's values are written
// into a buffer Go owns and the answer (n int32 indices, then n float32 scores) read in place and copied
// out; null when the module has no such export.
function directSearch(exports) {
  if (typeof exports.corerec_search !== 'function') return null;
  const dec = new TextDecoder();
  return (query, k, ef, exact) => {
    const n = query.length;
    const ptr = exports.corerec_search_buffer(n);
    if (ptr === 0) throw new Error(`corerec: search: a query of ${n} values is too large`);
    new Float32Array(exports.mem.buffer, ptr, n).set(query);
    const r = exports.corerec_search(k, ef, exact ? 1 : 0); // an i64: a BigInt
    const at = Number(r & 0xffffffffn);
    const len = Number((r >> 32n) & 0x7fffffffn);
    const buf = exports.mem.buffer;
    if (r >> 63n) throw new Error(dec.decode(new Uint8Array(buf, at, len)) || 'corerec: the runtime is not running');
    return { indices: new Int32Array(buf.slice(at, at + 4 * len)), scores: new Float32Array(buf.slice(at + 4 * len, at + 8 * len)) };
  };
}

function unwrap(answer) {
  if (typeof answer === 'string') return JSON.parse(answer);
  if (answer && typeof answer.error === 'string') throw new Error(answer.error);
  return answer;
}

export class CoreRec {
  #api;
  #history = [];
  #maxHistory;

  constructor(api, maxHistory) {
    this.#api = api;
    this.#maxHistory = maxHistory;
  }

  /**
   * Loads a bundle (URL or bytes) into a fresh runtime instance. The runtime module is compiled once per
   * page (streaming) and instantiated per load; the bundle is copied once into Go memory and read in place.
   */
  static async load(source, options = {}) {
    const wasmURL = options.wasmURL ?? defaultWasm;
    const simdURL = options.simd === false ? null : (options.simdURL ?? new URL('./corerec-simd.wasm', wasmURL));
    const [bytes, api] = await Promise.all([bundleBytes(source), CoreRec.#start(wasmURL, simdURL)]);
    const err = api.open(bytes, options.verify ?? true, pluginEngine(() => api.goMemory.buffer));
    if (err) {
      api.close();
      throw new Error(err);
    }
    if (options.direct === false) api.direct = null;
    return new CoreRec(api, options.maxHistory ?? 50);
  }

  static async #start(wasmURL, simdURL) {
    const go = new globalThis.Go();
    const simd = simdImports();
    go.importObject.corerec_simd = simd.imports;
    const name = `__corerecReady${nextId++}`;
    const ready = new Promise((resolve) => {
      globalThis[name] = (api) => {
        delete globalThis[name];
        resolve(api);
      };
    });
    go.argv = ['corerec', name];
    const [instance, kernels] = await Promise.all([instantiate(wasmURL, go.importObject), simdURL && simdModule(simdURL)]);
    await simd.bind(kernels, instance.exports.mem);
    go.run(instance); // resolves when the program ends (after close)
    const api = await ready;
    api.direct = directRecommend(instance.exports);
    api.search = directSearch(instance.exports);
    api.goMemory = instance.exports.mem; // the rule plugins' input and output cross through it
    return api;
  }

  /** Recommends from the given history, or from the session's recorded history when none is given. */
  recommend(request = {}) {
    const req = { ...request };
    if (req.history === undefined && req.user === undefined) req.history = this.#history.slice();
    if (req.now instanceof Date) req.now = req.now.getTime();
    for (const b of ['exclude_seen', 'exact', 'explain']) if (b in req) req[b] = Boolean(req[b]);
    // One string crosses into Go (wire.ParseRequest) instead of one value per field, through the
    // module's recommend export when it has one.
    const json = JSON.stringify(req);
    if (this.#api.direct) return this.#api.direct(json);
    return unwrap(this.#api.call('recommend', json));
  }

  /**
   * The k items whose embeddings score best against a query vector (length: the bundle's dim), best first:
   * {indices: Int32Array (dense item indices, as Item.index), scores: Float32Array}. The bundle's HNSW graph
   * with beam width options.ef (default max(k, 64)), or an exact scan (options.exact, or a bundle without a
   * graph). A bare vector search — no request, pipeline, rules or JSON — the peer of an ANN library's knn.
   */
  search(query, k = 10, options = {}) {
    if (!this.#api.search) throw new Error('corerec: search: the runtime is closed or its corerec.wasm has no search export');
    if (!(query instanceof Float32Array) && !Array.isArray(query)) throw new Error('corerec: search wants a Float32Array or an array of numbers');
    const int = (v, name) => {
      if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) throw new Error(`corerec: search: ${name} must be a non-negative integer, not ${v}`);
      return v;
    };
    return this.#api.search(query, int(k, 'k'), int(options.ef ?? 0, 'ef'), Boolean(options.exact));
  }

  /** The k items closest to item (the item itself excluded). */
  similar(item, k = 10) {
    return unwrap(this.#api.call('similar', { item, k }));
  }

  /** Records that the visitor viewed item: it joins the session history (the oldest drops beyond maxHistory). */
  record(item) {
    this.#history.push(String(item));
    if (this.#history.length > this.#maxHistory) this.#history.splice(0, this.#history.length - this.#maxHistory);
    return this.history();
  }

  /** The session history, oldest first (a copy). */
  history() {
    return this.#history.slice();
  }

  /** Forgets the session history. */
  clearHistory() {
    this.#history.length = 0;
  }

  /** The bundle's manifest, sizes and categories. */
  manifest() {
    return unwrap(this.#api.call('manifest', {}));
  }

  /** A page of the catalog: items offset..offset+limit-1 (limit 0 means 100, at most 10000). */
  catalog(offset = 0, limit = 100) {
    return unwrap(this.#api.call('catalog', { offset, limit }));
  }

  /** The scan kernels in use: "simd128" (the SIMD128 module) or "generic" (pure Go). */
  kernels() {
    return this.#api.kernels;
  }

  /** Releases the runtime instance; the object must not be used afterwards. */
  /** How recommend reaches the runtime: "export" (a WebAssembly export call) or "syscall/js". */
  transport() {
    return this.#api.direct ? 'export' : 'syscall/js';
  }

  close() {
    this.#api.direct = this.#api.search = null; // the program ends: later calls fail through syscall/js's released functions
    this.#api.close();
  }
}

export default CoreRec;
