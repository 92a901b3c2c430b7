// Runs a Go benchmark program built for GOOS=js GOARCH=wasm (kbench, searchbench) under node with the
// SIMD128 kernels bound to Go's memory, as corerec.js binds them; the program can read files through
// node's fs. usage: node wasm/cmd/simdrun.mjs PROGRAM.wasm [KERNELS.wasm|-] [ARGS...]
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
globalThis.fs = fs;

const [goWasm, simdWasm, ...args] = process.argv.slice(2);
const goroot = execFileSync('go', ['env', 'GOROOT']).toString().trim();
await import(`${goroot}/lib/wasm/wasm_exec.js`);
const go = new globalThis.Go();
go.argv = [path.basename(goWasm, '.wasm'), ...args];
let k = null;
go.importObject.corerec_simd = {
  available: () => (k ? 1 : 0),
  dotBatch: (q, rows, out, d, n) => k.dotBatch(q, rows, out, d, n),
  dotBatchInt8: (q, codes, out, d, n) => k.dotBatchInt8(q, codes, out, d, n),
  gatherDot: (q, rows, ids, out, d, n) => k.gatherDot(q, rows, ids, out, d, n),
  gatherDotInt8Row: (q, codes, ids, out, scale, offset, sumQ, d, n) =>
    k.gatherDotInt8Row(q, codes, ids, out, scale, offset, sumQ, d, n),
};
const { instance } = await WebAssembly.instantiate(fs.readFileSync(goWasm), go.importObject);
if (simdWasm && simdWasm !== '-') {
  k = (await WebAssembly.instantiate(fs.readFileSync(simdWasm), { go: { mem: instance.exports.mem } })).instance.exports;
}
await go.run(instance);
