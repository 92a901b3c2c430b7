// Example rule "diverse" (same as rules/examples/go/rule.Diverse): at most 2 items of a category among
// the first K (the request's K, 10 when 0); the rest follow in their order. Items without a category are
// never held back.
import { Input, Output, run } from "../../sdk/assemblyscript/assembly/index";
export { corerec_abi_v1, corerec_alloc } from "../../sdk/assemblyscript/assembly/index";

const MAX_PER_CATEGORY: i32 = 2;

const counts = new Map<u64, i32>();
let taken = new StaticArray<bool>(0);

function diverse(input: Input, output: Output): bool {
  const n = input.len;
  const k = input.k == 0 ? 10 : input.k;
  counts.clear();
  if (taken.length < n) taken = new StaticArray<bool>(n);
  for (let i = 0; i < n; i++) unchecked(taken[i] = false);
  for (let i = 0; i < n && output.len < k; i++) {
    const c = input.category(i);
    const seen = counts.has(c) ? counts.get(c) : 0;
    if (c != 0 && seen >= MAX_PER_CATEGORY) continue;
    counts.set(c, seen + 1);
    unchecked(taken[i] = true);
    output.keep(i);
  }
  for (let i = 0; i < n; i++) {
    if (!unchecked(taken[i])) output.keep(i);
  }
  return true;
}

export function corerec_rerank(ptr: usize, len: u32): usize {
  return run(ptr, len, diverse);
}
