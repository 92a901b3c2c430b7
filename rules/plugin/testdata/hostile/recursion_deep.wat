;; Unbounded recursion: the call stack overflows.
(module
  (memory (export "memory") 1)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param i32) (result i32) i32.const 1024)
  (func $deep (param $n i32) (result i32) local.get $n i32.const 1 i32.add call $deep)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32) 
    i32.const 0 call $deep drop i32.const 4096 i32.const 0 i32.store i32.const 4096 i32.const 0 i32.store offset=4 i32.const 4096)
)
