// CoreRec reranking plugin SDK for AssemblyScript: the plugin side of rules/ABI.md (version 1).
//
// A plugin's entry file re-exports the ABI functions and wires its rule to corerec_rerank:
//
//   import { Input, Output, run } from "@corerec/rerank/assembly";
//   export { corerec_abi_v1, corerec_alloc } from "@corerec/rerank/assembly";
//
//   function fresh(input: Input, output: Output): bool {
//     for (let i = 0; i < input.len; i++) {
//       if (input.createdAt(i) > input.now - 7 * 86400) output.keep(i);
//     }
//     return true; // false fails the call
//   }
//
//   export function corerec_rerank(ptr: usize, len: u32): usize { return run(ptr, len, fresh); }
//
// Build with the options in ../build.mjs (--runtime incremental, --use abort=... so that nothing but
// corerec.log is imported). A plugin instance serves one call at a time.

// ---- host functions ---------------------------------------------------------------------------------

@external("corerec", "log")
declare function hostLog(ptr: usize, len: u32): void;

/** Sends a message to the host's log (bounded: 16 messages of 256 bytes per call; every call costs fuel). */
export function log(msg: string): void {
  const b = String.UTF8.encode(msg);
  hostLog(changetype<usize>(b), <u32>b.byteLength);
}

/** Called instead of the default env.abort import: logs where, then traps. */
export function corerecAbort(msg: string | null, file: string | null, line: u32, column: u32): void {
  let m = "abort";
  if (msg !== null) m += ": " + msg;
  if (file !== null) m += " at " + file + ":" + line.toString() + ":" + column.toString();
  log(m);
  unreachable();
}

// ---- ids ----------------------------------------------------------------------------------------------

/** FNV-1a 64 of the UTF-8 bytes of s, as the host hashes ids and categories ("" → 0; 0 never a real hash). */
export function hash(s: string): u64 {
  if (s.length == 0) return 0;
  const b = String.UTF8.encode(s);
  const p = changetype<usize>(b);
  let h: u64 = 14695981039346656037;
  for (let i = 0; i < b.byteLength; i++) {
    h ^= <u64>load<u8>(p + i);
    h *= 1099511628211;
  }
  return h == 0 ? 1 : h;
}

// ---- input ----------------------------------------------------------------------------------------------

/** A read-only view of one call's input, valid during the call. Reads honour the sizes the header gives. */
export class Input {
  len: i32 = 0;
  k: i32 = 0;
  dim: i32 = 0;
  now: i64 = 0;
  userHash: u64 = 0;
  private base: usize = 0;
  private recs: usize = 0;
  private recSize: usize = 0;
  private emb: usize = 0;
  private cfg: usize = 0;
  private cfgLen: i32 = 0;

  /** Reads the header; false when the input is malformed (a host bug). */
  parse(ptr: usize, size: u32): bool {
    if (size < 64 || load<u32>(ptr) != 0x4B525243) return false;
    this.base = ptr;
    this.recSize = <usize>load<u32>(ptr, 8);
    this.len = <i32>load<u32>(ptr, 12);
    this.k = <i32>load<u32>(ptr, 16);
    this.dim = <i32>load<u32>(ptr, 20);
    this.now = load<i64>(ptr, 24);
    this.userHash = load<u64>(ptr, 32);
    this.recs = ptr + <usize>load<u32>(ptr, 40);
    this.emb = ptr + <usize>load<u32>(ptr, 44);
    this.cfg = ptr + <usize>load<u32>(ptr, 48);
    this.cfgLen = <i32>load<u32>(ptr, 52);
    const end = <u64>ptr + <u64>size;
    return this.recSize >= 48 && this.len >= 0 && this.len <= (1 << 20) &&
      <u64>this.recs + <u64>this.len * <u64>this.recSize <= end &&
      <u64>this.cfg + <u64>this.cfgLen <= end &&
      (this.dim == 0 || <u64>this.emb + <u64>this.len * <u64>this.dim * 4 <= end);
  }

  @inline private rec(i: i32): usize { return this.recs + <usize>i * this.recSize; }

  /** Candidate i's item index in the bundle's catalog. */
  index(i: i32): i32 { return load<i32>(this.rec(i)); }
  /** Candidate i's current score (higher is better). */
  score(i: i32): f32 { return load<f32>(this.rec(i), 4); }
  /** hash() of candidate i's item id. */
  idHash(i: i32): u64 { return load<u64>(this.rec(i), 8); }
  /** Candidate i's creation time, unix seconds (0 = unknown). */
  createdAt(i: i32): i64 { return load<i64>(this.rec(i), 16); }
  /** hash() of candidate i's category name (0 = none). */
  category(i: i32): u64 { return load<u64>(this.rec(i), 24); }
  /** Candidate i's numeric attribute j (0..3; attribute 0 is a price by convention, 0 = unknown). */
  attr(i: i32, j: i32): f32 { return load<f32>(this.rec(i) + 32 + ((<usize>j & 3) << 2)); }
  /** Component j of candidate i's embedding (dim > 0 only when the manifest reads "embedding"). */
  embedding(i: i32, j: i32): f32 { return load<f32>(this.emb + ((<usize>i * <usize>this.dim + <usize>j) << 2)); }
  /** Length of the host's configuration bytes for this plugin. */
  get configLen(): i32 { return this.cfgLen; }
  /** The float32 at byte offset off of the configuration (0 when out of range). */
  configF32(off: i32): f32 { return off >= 0 && off + 4 <= this.cfgLen ? load<f32>(this.cfg + <usize>off) : 0; }
}

// ---- output ---------------------------------------------------------------------------------------------

/** Collects the answer: positions of the candidates to keep, best first, with optional new scores. */
export class Output {
  private pos: StaticArray<i32> = new StaticArray<i32>(0);
  private scores: StaticArray<f32> = new StaticArray<f32>(0);
  private n: i32 = 0;
  private scored: bool = false;
  len: i32 = 0;

  reset(n: i32): void {
    if (this.pos.length < n) {
      this.pos = new StaticArray<i32>(n);
      this.scores = new StaticArray<f32>(n);
    }
    this.n = n;
    this.len = 0;
    this.scored = false;
  }

  /** Appends candidate i with its score unchanged. Returns false when the output is full (n entries). */
  keep(i: i32): bool {
    if (this.len >= this.n) return false;
    unchecked(this.pos[this.len] = i);
    unchecked(this.scores[this.len] = NaN);
    this.len++;
    return true;
  }

  /** Appends candidate i with a new, finite score. */
  keepScored(i: i32, score: f32): bool {
    if (this.len >= this.n) return false;
    unchecked(this.pos[this.len] = i);
    unchecked(this.scores[this.len] = score);
    this.len++;
    this.scored = true;
    return true;
  }

  /** Writes the ABI output block into buf (at least 8 + 8·len bytes) and returns buf. */
  encode(buf: usize, input: Input): usize {
    store<u32>(buf, this.len);
    store<u32>(buf, this.scored ? 1 : 0, 4);
    const p = buf + 8;
    for (let j = 0; j < this.len; j++) store<i32>(p + (<usize>j << 2), unchecked(this.pos[j]));
    if (this.scored) {
      const s = p + (<usize>this.len << 2);
      for (let j = 0; j < this.len; j++) {
        let v = unchecked(this.scores[j]);
        if (isNaN(v)) v = input.score(unchecked(this.pos[j]));
        store<f32>(s + (<usize>j << 2), v);
      }
    }
    return buf;
  }
}

// ---- the ABI exports ------------------------------------------------------------------------------------

/** The version marker: re-export it from the plugin's entry file. */
export function corerec_abi_v1(): void {}

let inBuf: usize = 0;
let inCap: usize = 0;
let outBuf: usize = 0;
let outCap: usize = 0;
const input = new Input();
const output = new Output();

/** The host's allocator for the input: re-export it from the plugin's entry file. */
export function corerec_alloc(size: u32): usize {
  if (<usize>size > inCap) {
    if (inBuf) heap.free(inBuf);
    inCap = max<usize>(<usize>size, 64);
    inBuf = heap.alloc(inCap);
  }
  return inBuf;
}

/** A rule: read input, append the candidates to keep to output; return false to fail the call. */
export type Rule = (input: Input, output: Output) => bool;

/** Runs rule on the input at ptr and returns the output block: call it from corerec_rerank. */
export function run(ptr: usize, size: u32, rule: Rule): usize {
  if (!input.parse(ptr, size)) {
    log("rerank: malformed input");
    return 0;
  }
  output.reset(input.len);
  if (!rule(input, output)) return 0;
  const need: usize = 8 + (<usize>output.len << 3);
  if (need > outCap) {
    if (outBuf) heap.free(outBuf);
    outCap = need;
    outBuf = heap.alloc(outCap);
  }
  return output.encode(outBuf, input);
}
