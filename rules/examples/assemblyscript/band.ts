// Example rule "band" (same as rules/examples/go/rule.Band): keeps items whose score lies in
// [scoreLo, scoreHi] and, when their price (attribute 0) is known, whose price lies in [priceLo, priceHi].
// The band is the plugin's configuration (four little-endian float32) or scores ≥ 0, prices in [1, 1000].
import { Input, Output, run } from "../../sdk/assemblyscript/assembly/index";
export { corerec_abi_v1, corerec_alloc } from "../../sdk/assemblyscript/assembly/index";

function band(input: Input, output: Output): bool {
  let lo: f32 = 0, hi: f32 = Infinity, plo: f32 = 1, phi: f32 = 1000;
  if (input.configLen >= 16) {
    lo = input.configF32(0);
    hi = input.configF32(4);
    plo = input.configF32(8);
    phi = input.configF32(12);
  }
  for (let i = 0; i < input.len; i++) {
    const s = input.score(i), p = input.attr(i, 0);
    if (s >= lo && s <= hi && (p == 0 || (p >= plo && p <= phi))) output.keep(i);
  }
  return true;
}

export function corerec_rerank(ptr: usize, len: u32): usize {
  return run(ptr, len, band);
}
