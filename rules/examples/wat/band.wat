;; Example rule "band" in WebAssembly text (same as rules/examples/go/rule.Band): keeps the candidates
;; whose score lies in [scoreLo, scoreHi] and, when their price (attribute 0) is known, whose price lies in
;; [priceLo, priceHi]. The band is the plugin's configuration (four little-endian f32) or, without one,
;; scores >= 0 and prices in [1, 1000]. No imports, no allocator library: 1 page of memory, grown as needed.
;;
;; Rebuild (Debian 12 wabt 1.0.32): wat2wasm band.wat -o band.wasm
(module
  (memory (export "memory") 1)

  (func (export "corerec_abi_v1"))

  ;; The input goes at 1024 and the output right after it; the output needs at most 8 + 4n <= len bytes.
  (func (export "corerec_alloc") (param $len i32) (result i32) (local $need i32)
    local.get $len i32.const 1 i32.shl i32.const 1040 i32.add local.set $need
    local.get $need memory.size i32.const 16 i32.shl i32.gt_u
    if
      local.get $need i32.const 65535 i32.add i32.const 16 i32.shr_u memory.size i32.sub
      memory.grow i32.const -1 i32.eq
      if i32.const 0 return end
    end
    i32.const 1024)

  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32)
    (local $n i32) (local $i i32) (local $m i32) (local $rec i32) (local $size i32) (local $out i32) (local $cfg i32)
    (local $lo f32) (local $hi f32) (local $plo f32) (local $phi f32) (local $s f32) (local $p f32)
    ;; the band: configuration or defaults
    f32.const 0 local.set $lo
    f32.const inf local.set $hi
    f32.const 1 local.set $plo
    f32.const 1000 local.set $phi
    local.get $in i32.load offset=52 i32.const 16 i32.ge_u
    if
      local.get $in local.get $in i32.load offset=48 i32.add local.set $cfg
      local.get $cfg f32.load local.set $lo
      local.get $cfg f32.load offset=4 local.set $hi
      local.get $cfg f32.load offset=8 local.set $plo
      local.get $cfg f32.load offset=12 local.set $phi
    end
    local.get $in i32.load offset=12 local.set $n
    local.get $in i32.load offset=8 local.set $size
    local.get $in local.get $in i32.load offset=40 i32.add local.set $rec
    local.get $in local.get $len i32.add i32.const 7 i32.add i32.const -8 i32.and local.set $out
    block $done
      loop $next
        local.get $i local.get $n i32.ge_u br_if $done
        local.get $rec f32.load offset=4 local.set $s
        local.get $rec f32.load offset=32 local.set $p
        ;; keep = lo <= s <= hi && (p == 0 || plo <= p <= phi)
        local.get $s local.get $lo f32.ge
        local.get $s local.get $hi f32.le i32.and
        local.get $p f32.const 0 f32.eq
        local.get $p local.get $plo f32.ge
        local.get $p local.get $phi f32.le i32.and
        i32.or i32.and
        if
          local.get $out local.get $m i32.const 2 i32.shl i32.add local.get $i i32.store offset=8
          local.get $m i32.const 1 i32.add local.set $m
        end
        local.get $rec local.get $size i32.add local.set $rec
        local.get $i i32.const 1 i32.add local.set $i
        br $next
      end
    end
    local.get $out local.get $m i32.store
    local.get $out i32.const 0 i32.store offset=4
    local.get $out)
)
