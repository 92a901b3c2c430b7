;; A well-behaved plugin for the host's tests: returns the candidates in reverse order and logs "reverse".
;; With config "rescore" it also sets each score to its new rank (0, -1, -2, ...).
(module
  (import "corerec" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "reverse")
  (func (export "corerec_abi_v1"))
  ;; The input goes at 1024; the output after it. Grow so that 1024 + 2·n + 64 bytes fit.
  (func (export "corerec_alloc") (param $n i32) (result i32) (local $need i32)
    local.get $n i32.const 1 i32.shl i32.const 1088 i32.add local.set $need
    local.get $need memory.size i32.const 16 i32.shl i32.gt_u
    if
      local.get $need i32.const 65535 i32.add i32.const 16 i32.shr_u memory.size i32.sub
      memory.grow i32.const -1 i32.eq
      if i32.const 0 return end
    end
    i32.const 1024)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32)
    (local $n i32) (local $out i32) (local $i i32) (local $rescore i32)
    i32.const 16 i32.const 7 call $log
    local.get $in i32.load offset=12 local.set $n
    ;; config "rescore"? (length 7 and first byte 'r')
    local.get $in i32.load offset=52 i32.const 7 i32.eq
    if
      local.get $in local.get $in i32.load offset=48 i32.add i32.load8_u i32.const 114 i32.eq local.set $rescore
    end
    local.get $in local.get $len i32.add i32.const 7 i32.add i32.const -8 i32.and local.set $out
    local.get $out local.get $n i32.store
    local.get $out local.get $rescore i32.store offset=4
    block $done
      loop $next
        local.get $i local.get $n i32.ge_u br_if $done
        local.get $out local.get $i i32.const 2 i32.shl i32.add
        local.get $n i32.const 1 i32.sub local.get $i i32.sub
        i32.store offset=8
        local.get $rescore
        if
          local.get $out local.get $n i32.const 2 i32.shl i32.add local.get $i i32.const 2 i32.shl i32.add
          i32.const 0 local.get $i i32.sub f32.convert_i32_s
          f32.store offset=8
        end
        local.get $i i32.const 1 i32.add local.set $i
        br $next
      end
    end
    local.get $out)
)
