;; Logs 1 KiB a million times: the host passes on 16 messages of 256 bytes, and each log call costs fuel, so the spam runs out.
(module
  (import "corerec" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param i32) (result i32) i32.const 1024)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32) 
    (local $i i32)
    (loop $l
      i32.const 0 i32.const 1024 call $log
      local.get $i i32.const 1 i32.add local.tee $i i32.const 1000000 i32.lt_u br_if $l)
    i32.const 4096 i32.const 0 i32.store i32.const 4096 i32.const 0 i32.store offset=4 i32.const 4096)
)
