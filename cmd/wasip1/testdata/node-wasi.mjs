// Runs a wasip1 build under node's WASI:
//   node node-wasi.mjs MODULE.wasm BUNDLE CALLS.jsonl ANSWERS.jsonl
// Calls and answers are files, not pipes: node hands WASI its pipes non-blocking, and a write to a full
// pipe fails with EAGAIN. The bundle's folder is preopened as /data (node's WASI has no read-only flag;
// this is a test harness for a trusted module).
import { closeSync, openSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { WASI } from 'node:wasi';

const [wasmPath, bundlePath, callsPath, answersPath] = process.argv.slice(2);
if (!answersPath) {
  console.error('usage: node node-wasi.mjs MODULE.wasm BUNDLE CALLS.jsonl ANSWERS.jsonl');
  process.exit(2);
}
const stdin = openSync(callsPath, 'r');
const stdout = openSync(answersPath, 'w');
const wasi = new WASI({
  version: 'preview1',
  args: ['corerec-wasip1', '/data/' + basename(bundlePath)],
  preopens: { '/data': dirname(resolve(bundlePath)) },
  stdin,
  stdout,
  stderr: 2,
  returnOnExit: true,
});
const mod = await WebAssembly.compile(readFileSync(wasmPath));
const inst = await WebAssembly.instantiate(mod, wasi.getImportObject());
process.exitCode = wasi.start(inst);
closeSync(stdin);
closeSync(stdout);
