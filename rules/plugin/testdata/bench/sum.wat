;; Benchmark guest: compute-bound but finite — K passes over the candidates' scores summing them, then the
;; candidates in reverse order. The metering overhead of a tight, loop-heavy rule.
(module
  (memory (export "memory") 1)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param $len i32) (result i32) (local $need i32)
    local.get $len i32.const 1 i32.shl i32.const 1088 i32.add local.set $need
    local.get $need memory.size i32.const 16 i32.shl i32.gt_u
    if
      local.get $need i32.const 65535 i32.add i32.const 16 i32.shr_u memory.size i32.sub
      memory.grow i32.const -1 i32.eq if i32.const 0 return end
    end
    i32.const 1024)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32)
    (local $n i32) (local $k i32) (local $p i32) (local $i i32) (local $rec i32) (local $size i32) (local $out i32) (local $s f32)
    local.get $in i32.load offset=12 local.set $n
    local.get $in i32.load offset=16 local.set $k
    local.get $in i32.load offset=8 local.set $size
    block $passes
      loop $pass
        local.get $p local.get $k i32.ge_u br_if $passes
        local.get $in local.get $in i32.load offset=40 i32.add local.set $rec
        i32.const 0 local.set $i
        block $done
          loop $next
            local.get $i local.get $n i32.ge_u br_if $done
            local.get $s local.get $rec f32.load offset=4 f32.add local.set $s
            local.get $rec local.get $size i32.add local.set $rec
            local.get $i i32.const 1 i32.add local.set $i
            br $next
          end
        end
        local.get $p i32.const 1 i32.add local.set $p
        br $pass
      end
    end
    local.get $in local.get $len i32.add i32.const 7 i32.add i32.const -8 i32.and local.set $out
    local.get $out local.get $n i32.store
    local.get $out i32.const 0 i32.store offset=4
    i32.const 0 local.set $i
    block $done
      loop $next
        local.get $i local.get $n i32.ge_u br_if $done
        local.get $out local.get $i i32.const 2 i32.shl i32.add
        local.get $n i32.const 1 i32.sub local.get $i i32.sub i32.store offset=8
        local.get $i i32.const 1 i32.add local.set $i
        br $next
      end
    end
    local.get $out))
