;; Every instruction family the meter decodes; the tests check results with and without metering.
;; Rebuild: wat2wasm features.wat -o features.wasm
(module
  (type $bin (func (param i32 i32) (result i32)))
  (import "env" "ext" (func $ext (param i32) (result i32)))
  (memory (export "memory") 1 4)
  (table $t 4 funcref)
  (table $r 2 externref)
  (global $g (mut i32) (i32.const 5))
  (global $k i64 (i64.const -3))
  (elem (table $t) (i32.const 0) func $add $sub)
  (elem $passive func $add)
  (data $d "hello")
  (data (i32.const 100) "\01\02\03\04")
  (func $add (type $bin) local.get 0 local.get 1 i32.add)
  (func $sub (type $bin) local.get 0 local.get 1 i32.sub)
  ;; br_table, call_indirect, select with type, multi-value blocks and loops with parameters.
  (func (export "control") (param $x i32) (result i32) (local $acc i32)
    block $b2
      block $b1
        block $b0
          local.get $x
          br_table $b0 $b1 $b2
        end
        i32.const 10 i32.const 3 i32.const 0 call_indirect (type $bin)
        return
      end
      i32.const 10 i32.const 3 i32.const 1 call_indirect (type $bin)
      return
    end
    i32.const 1 i32.const 2
    loop $l (param i32 i32) (result i32)
      i32.add
      local.tee $acc
      local.get $acc
      local.get $acc i32.const 100 i32.lt_u
      br_if $l
      drop
    end
    i32.const 7 local.get $x i32.const 5 i32.gt_u select (result i32))
  ;; sign extension, saturating truncation, i64/f64 arithmetic, globals.
  (func (export "numeric") (param $x i32) (result i64)
    local.get $x i32.extend8_s
    i64.extend_i32_s
    f64.const 1e300 f64.const 1e300 f64.mul i64.trunc_sat_f64_s
    i64.const 0x7fffffffffffffff i64.eq i64.extend_i32_u
    i64.add
    global.get $k i64.add
    global.get $g i32.const 1 i32.add global.set $g
    f32.const -1.5 i32.trunc_sat_f32_u i64.extend_i32_u i64.add
    i64.extend16_s)
  ;; memory: loads/stores, size, grow, bulk operations, passive data.
  (func (export "mem") (result i32)
    i32.const 8 i32.const 0x01020304 i32.store offset=4
    i32.const 12 i32.load8_u
    i32.const 200 i32.const 0 i32.const 5 memory.init $d
    data.drop $d
    i32.const 300 i32.const 200 i32.const 5 memory.copy
    i32.const 400 i32.const 7 i32.const 16 memory.fill
    i32.const 302 i32.load8_u i32.add
    i32.const 415 i32.load8_u i32.add
    i32.const 1 memory.grow i32.add
    memory.size i32.add
    i32.const 500 i64.const 1 i64.store32 offset=4 align=2)
  ;; reference types and table operations.
  (func (export "tables") (param $e externref) (result i32)
    i32.const 2 ref.func $add table.set $t
    i32.const 0 local.get $e table.set $r
    i32.const 0 table.get $r ref.is_null
    ref.null func i32.const 1 table.grow $t i32.add
    table.size $t i32.add
    i32.const 3 ref.null func i32.const 1 table.fill $t
    i32.const 0 i32.const 1 i32.const 1 table.copy $t $t
    i32.const 0 i32.const 0 i32.const 1 table.init $t $passive
    elem.drop $passive
    i32.const 4 i32.const 5 i32.const 0 call_indirect (type $bin) i32.add)
  ;; SIMD: const, shuffle, lanes, loads and stores.
  (func (export "simd") (result i32)
    i32.const 64 v128.const i32x4 1 2 3 4 v128.store
    i32.const 64 v128.load
    v128.const i32x4 10 20 30 40
    i32x4.add
    v128.const i32x4 0 0 0 0
    i8x16.shuffle 4 5 6 7 0 1 2 3 8 9 10 11 12 13 14 15
    i32x4.extract_lane 0
    i32.const 64 v128.const i32x4 0 0 0 0 v128.load32_lane 1 i32x4.extract_lane 1 i32.add
    i32.const 64 i32.const 9 i32x4.splat v128.store32_lane 3
    i32.const 64 i32.load i32.add)
  ;; multi-value results with a return: the wrapper block needs a new type () -> (i32 i32).
  (func (export "pair") (param i32) (result i32 i32)
    local.get 0 i32.eqz if i32.const 1 i32.const 2 return end
    i32.const 3 local.get 0)
  (func (export "callext") (param i32) (result i32) local.get 0 call $ext)
  (start $init)
  (func $init i32.const 1 global.set $g)
)
