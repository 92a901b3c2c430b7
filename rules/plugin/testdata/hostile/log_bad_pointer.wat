;; Logs from a range outside memory: dropped, and the call goes on.
(module
  (import "corerec" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param i32) (result i32) i32.const 1024)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32) 
    i32.const -8 i32.const 100 call $log i32.const 4096 i32.const 0 i32.store i32.const 4096 i32.const 0 i32.store offset=4 i32.const 4096)
)
