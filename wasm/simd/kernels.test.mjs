// The SIMD128 kernels against the reference loop: node --test wasm/simd/kernels.test.mjs
// Lengths 0…2·16+3 (every 16-wide step and scalar tail) and random lengths up to 1000, 0, 1 and 3 rows,
// results within the rounding bound of any summation order; the committed kernels.wasm is what
// wat2wasm makes of kernels.wat (when wabt is installed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wasmBytes = readFileSync(join(here, 'kernels.wasm'));
const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
const { instance: { exports: k } } = await WebAssembly.instantiate(wasmBytes, { go: { mem: memory } });

let seed = 12345;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const lengths = [...Array(36).keys(), ...Array.from({ length: 8 }, () => 36 + Math.floor(rand() * 965))];

// Places q (f32), rows (f32 or i8) and out (f32, one extra sentinel) at unaligned offsets in memory.
function layout(d, n, int8) {
  const buf = memory.buffer;
  const qOff = 4 + 4 * Math.floor(rand() * 4);
  const rowsOff = qOff + 4 * d + 1 + Math.floor(rand() * 7) * (int8 ? 1 : 0) + (int8 ? 0 : 3);
  const rowBytes = int8 ? d : 4 * d;
  const outOff = (rowsOff + n * rowBytes + 7) & ~3;
  assert.ok(outOff + 4 * (n + 1) <= buf.byteLength);
  const q = new Float32Array(buf, qOff, d);
  const rows = int8 ? new Int8Array(buf, rowsOff, n * d) : new DataView(buf, rowsOff, n * rowBytes);
  const out = new Float32Array(buf, outOff, n + 1);
  for (let i = 0; i < d; i++) q[i] = Math.fround(rand() * 2 - 1);
  const vals = [];
  for (let i = 0; i < n * d; i++) {
    if (int8) vals.push((rows[i] = Math.floor(rand() * 256) - 128));
    else {
      const v = Math.fround(rand() * 2 - 1);
      rows.setFloat32(4 * i, v, true);
      vals.push(v);
    }
  }
  out.fill(0);
  out[n] = 42;
  return { qOff, rowsOff, outOff, q, vals, out };
}

// Any order of adding d products, each rounded once: |error| ≤ γ(d+1)·Σ|q·x| with u = 2⁻²⁴.
function check(d, n, l) {
  for (let r = 0; r < n; r++) {
    let want = 0;
    let abs = 0;
    for (let i = 0; i < d; i++) {
      const p = l.q[i] * l.vals[r * d + i];
      want += p;
      abs += Math.abs(p);
    }
    const nu = (d + 1) / 2 ** 24;
    assert.ok(Math.abs(l.out[r] - want) <= (nu / (1 - nu)) * abs + 1e-30, `d=${d} row=${r}: ${l.out[r]} vs ${want}`);
  }
  assert.equal(l.out[n], 42, 'wrote past out');
}

for (const [name, int8] of [['dotBatch', false], ['dotBatchInt8', true]]) {
  test(`${name} equals the reference loop`, () => {
    for (const d of lengths) {
      for (const n of [0, 1, 3]) {
        const l = layout(d, n, int8);
        k[name](l.qOff, l.rowsOff, l.outOff, d, n);
        check(d, n, l);
      }
    }
  });
}

test('dotBatchInt8 extremes: -128 and 127 in every lane are exact', () => {
  for (const d of [1, 15, 16, 17, 33, 67]) {
    const l = layout(d, 1, true);
    const codes = new Int8Array(memory.buffer, l.rowsOff, d);
    let want = 0;
    for (let i = 0; i < d; i++) {
      l.q[i] = (i % 5) - 2;
      codes[i] = i % 2 ? 127 : -128;
      want += l.q[i] * codes[i];
    }
    k.dotBatchInt8(l.qOff, l.rowsOff, l.outOff, d, 1);
    assert.equal(l.out[0], want, `d=${d}`);
  }
});

// gatherDot's and gatherDotInt8Row's order of additions (internal/kernel's generic gathers): per window
// of 8, lane j adds q[j]·x[j] + q[j+4]·x[j+4]; the tail goes to lane 0; then (l0+l1)+(l2+l3).
function gatherRef(q, row) {
  const f = Math.fround;
  const s = [0, 0, 0, 0];
  const d = q.length;
  let i = 0;
  for (; i + 8 <= d; i += 8) {
    for (let j = 0; j < 4; j++) s[j] = f(s[j] + f(f(q[i + j] * row[i + j]) + f(q[i + j + 4] * row[i + j + 4])));
  }
  for (; i < d; i++) s[0] = f(s[0] + f(q[i] * row[i]));
  return f(f(s[0] + s[1]) + f(s[2] + s[3]));
}

// Places ids (n of them, into `rows` rows, repeats allowed), scale and offset after out.
function gatherLayout(d, rows, n, int8) {
  const l = layout(d, rows, int8);
  const idsOff = l.outOff + 4 * (rows + 1);
  const scaleOff = idsOff + 4 * n;
  const offsetOff = scaleOff + 4 * rows;
  const outOff = offsetOff + 4 * rows;
  assert.ok(outOff + 4 * (n + 1) <= memory.buffer.byteLength);
  const ids = new Int32Array(memory.buffer, idsOff, n);
  for (let k = 0; k < n; k++) ids[k] = Math.floor(rand() * rows);
  const scale = new Float32Array(memory.buffer, scaleOff, rows);
  const offset = new Float32Array(memory.buffer, offsetOff, rows);
  for (let r = 0; r < rows; r++) [scale[r], offset[r]] = [Math.fround(rand() / 64), Math.fround(rand() - 0.5)];
  const out = new Float32Array(memory.buffer, outOff, n + 1);
  out.fill(0);
  out[n] = 42;
  return { ...l, idsOff, ids, scaleOff, scale, offsetOff, offset, gOutOff: outOff, gOut: out };
}

for (const [name, int8, affine] of [['gatherDot', false, false], ['gatherDotInt8Row', true, false], ['gatherDotInt8Row', true, true]]) {
  test(`${name}${affine ? ' (scale, offset)' : ''} is bit-identical to the generic gather`, () => {
    for (const d of lengths) {
      for (const n of [1, 2, 7]) {
        const rows = 5;
        const l = gatherLayout(d, rows, n, int8);
        const sumQ = Math.fround(l.q.reduce((a, b) => a + b, 0));
        if (int8) k[name](l.qOff, l.rowsOff, l.idsOff, l.gOutOff, affine ? l.scaleOff : 0, l.offsetOff, sumQ, d, n);
        else k[name](l.qOff, l.rowsOff, l.idsOff, l.gOutOff, d, n);
        for (let j = 0; j < n; j++) {
          const id = l.ids[j];
          let want = gatherRef(l.q, l.vals.slice(id * d, (id + 1) * d));
          if (affine) want = Math.fround(Math.fround(l.offset[id] * sumQ) + Math.fround(l.scale[id] * want));
          assert.ok(Object.is(l.gOut[j], want), `d=${d} k=${j} id=${id}: ${l.gOut[j]} vs ${want}`);
        }
        assert.equal(l.gOut[n], 42, 'wrote past out');
      }
    }
  });
}

// gemmTiles against a Math.fround model of internal/kernel/gemm's kernGo: per element, products added in
// step order from 0, then alpha·acc (+ beta·C unless beta == 0). A read in place (rows strided by rs) and
// packed (steps strided by ss), a grid of panels × tiles, C with a gap after the tiles that must stay
// untouched.
test('gemmTiles is bit-identical to the Go micro-kernel', () => {
  const f = Math.fround;
  const mem = new Float32Array(memory.buffer);
  for (const steps of [0, 1, 2, 3, 7, 16, 33, 98]) {
    for (const [tiles, panels] of [[1, 1], [2, 1], [3, 2], [1, 3]]) {
      for (const [rs, ss] of [[steps + 3, 1], [1, 4 * panels], [1, 4 * panels + 2]]) {
        for (const [alpha, beta] of [[1, 0], [-2, 1], [0.5, 0.25]]) {
          const rows = 4 * panels;
          const aOff = 16 + Math.floor(rand() * 4);
          const aLen = (rows - 1) * rs + Math.max(steps - 1, 0) * ss + 1;
          const bOff = aOff + aLen + 1;
          const bLen = 16 * steps * tiles;
          const ldc = 16 * tiles + 5;
          const cOff = bOff + bLen + 1;
          assert.ok(4 * (cOff + rows * ldc) <= memory.buffer.byteLength);
          for (let i = 0; i < aLen + 1 + bLen; i++) mem[aOff + i] = f(rand() * 2 - 1);
          for (let i = 0; i < rows * ldc; i++) mem[cOff + i] = beta === 0 ? NaN : f(rand() * 2 - 1);
          const before = mem.slice(cOff, cOff + rows * ldc);
          k.gemmTiles(steps, 4 * aOff, rs, ss, 4 * bOff, 4 * cOff, ldc, alpha, beta, tiles, panels);
          for (let r = 0; r < rows; r++) {
            for (let j = 0; j < ldc; j++) {
              const got = mem[cOff + r * ldc + j];
              const at = `steps=${steps} tiles=${tiles} panels=${panels} rs=${rs} ss=${ss} C[${r}, ${j}]`;
              if (j >= 16 * tiles) {
                assert.ok(Object.is(got, before[r * ldc + j]), `${at}: written past the tiles`);
                continue;
              }
              const t = Math.floor(j / 16);
              let acc = 0;
              for (let p = 0; p < steps; p++) acc = f(acc + f(mem[aOff + r * rs + p * ss] * mem[bOff + 16 * steps * t + 16 * p + (j % 16)]));
              const want = beta === 0 ? f(alpha * acc) : f(f(alpha * acc) + f(beta * before[r * ldc + j]));
              assert.ok(Object.is(got, want), `${at}: ${got} vs ${want}`);
            }
          }
        }
      }
    }
  }
});

test('kernels.wasm is built from kernels.wat', (t) => {
  if (!existsSync('/usr/bin/wat2wasm')) return t.skip('wat2wasm (Debian wabt) not installed');
  const dir = mkdtempSync(join(tmpdir(), 'corerec-simd-'));
  try {
    execFileSync('wat2wasm', [join(here, 'kernels.wat'), '-o', join(dir, 'k.wasm')]);
    assert.deepEqual(readFileSync(join(dir, 'k.wasm')), wasmBytes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
