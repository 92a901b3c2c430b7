;; Benchmark guest: an endless loop of expensive instructions (64-bit divisions, loads, an indirect call):
;; the most time per unit of fuel a loop gets.
(module
  (type $t (func (param i64) (result i64)))
  (memory (export "memory") 1)
  (table funcref (elem $id))
  (func $id (param i64) (result i64) local.get 0)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param i32) (result i32) i32.const 1024)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32) (local $x i64) (local $i i32)
    i64.const 0x7fffffffffff local.set $x
    (loop $l
      local.get $x i64.const 7 i64.div_s
      local.get $x i64.const 3 i64.rem_u i64.add
      local.get $i i32.const 0xfff8 i32.and i64.load i64.add
      i32.const 0 call_indirect (type $t)
      i64.const 0x7fffffffffff i64.or local.set $x
      local.get $i i32.const 8 i32.add local.set $i
      br $l)
    i32.const 0))
