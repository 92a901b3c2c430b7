// A module Web Worker that owns one CoreRec instance; client.js talks to it. Messages in:
// {id, method, args}; out: {id, result} or {id, error}. The first call must be "load".
import { CoreRec } from './corerec.js';

let rec = null;

self.onmessage = async (ev) => {
  const { id, method, args } = ev.data;
  try {
    let result;
    if (method === 'load') {
      if (rec) throw new Error('corerec worker: already loaded');
      rec = await CoreRec.load(args[0], args[1] ?? {});
    } else if (!rec) {
      throw new Error('corerec worker: call load first');
    } else if (typeof CoreRec.prototype[method] !== 'function') {
      throw new Error(`corerec worker: unknown method ${method}`);
    } else {
      result = rec[method](...args);
    }
    self.postMessage({ id, result });
  } catch (e) {
    self.postMessage({ id, error: String(e && e.message ? e.message : e) });
  }
};
