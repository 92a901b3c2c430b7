// Example rule "newer" (same as rules/examples/go/rule.Newer): items created less than 30 days before the
// request's clock get +1.0 on their score; then all are re-sorted by score, ties in input order.
import { Input, Output, run } from "../../sdk/assemblyscript/assembly/index";
export { corerec_abi_v1, corerec_alloc } from "../../sdk/assemblyscript/assembly/index";

const NEWER_DAYS: i64 = 30;
const BOOST: f32 = 1.0;

let scores = new StaticArray<f32>(0);
let order = new Array<i32>(0);

function byScore(a: i32, b: i32): i32 {
  const sa = unchecked(scores[a]), sb = unchecked(scores[b]);
  if (sa > sb) return -1;
  if (sa < sb) return 1;
  return a - b;
}

function newer(input: Input, output: Output): bool {
  const n = input.len, now = input.now;
  if (scores.length < n) scores = new StaticArray<f32>(n);
  order.length = n;
  for (let i = 0; i < n; i++) {
    let s = input.score(i);
    const c = input.createdAt(i);
    if (now > 0 && c > 0 && now - c < NEWER_DAYS * 86400) s += BOOST;
    unchecked(scores[i] = s);
    unchecked(order[i] = i);
  }
  order.sort(byScore);
  for (let j = 0; j < n; j++) {
    const i = unchecked(order[j]);
    output.keepScored(i, unchecked(scores[i]));
  }
  return true;
}

export function corerec_rerank(ptr: usize, len: u32): usize {
  return run(ptr, len, newer);
}
