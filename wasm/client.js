// CoreRecWorker: the CoreRec API run in a module Web Worker (worker.js), so the page never blocks.
// Every method returns a promise. Types: corerec.d.ts.
export class CoreRecWorker {
  #worker;
  #pending = new Map();
  #next = 0;

  constructor(worker) {
    this.#worker = worker;
    worker.onmessage = (ev) => {
      const { id, result, error } = ev.data;
      const p = this.#pending.get(id);
      if (!p) return;
      this.#pending.delete(id);
      if (error !== undefined) p.reject(new Error(error));
      else p.resolve(result);
    };
    worker.onerror = (ev) => {
      for (const p of this.#pending.values()) p.reject(new Error(`corerec worker: ${ev.message}`));
      this.#pending.clear();
    };
  }

  static async load(source, options = {}) {
    const { workerURL, ...rest } = options;
    const url = workerURL ?? new URL('./worker.js', import.meta.url);
    const c = new CoreRecWorker(new Worker(url, { type: 'module' }));
    // URLs are resolved here: the worker's base URL is its own script's.
    const src = typeof source === 'string' || source instanceof URL ? String(new URL(source, location.href)) : source;
    if (rest.wasmURL) rest.wasmURL = String(new URL(rest.wasmURL, location.href));
    await c.#call('load', [src, rest]);
    return c;
  }

  #call(method, args) {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, method, args });
    });
  }

  recommend(request = {}) { return this.#call('recommend', [request]); }
  similar(item, k = 10) { return this.#call('similar', [item, k]); }
  search(query, k = 10, options = {}) { return this.#call('search', [query, k, options]); }
  record(item) { return this.#call('record', [item]); }
  history() { return this.#call('history', []); }
  clearHistory() { return this.#call('clearHistory', []); }
  manifest() { return this.#call('manifest', []); }
  kernels() { return this.#call('kernels', []); }
  transport() { return this.#call('transport', []); }
  catalog(offset = 0, limit = 100) { return this.#call('catalog', [offset, limit]); }

  async close() {
    try {
      await this.#call('close', []);
    } finally {
      this.#worker.terminate();
    }
  }
}

