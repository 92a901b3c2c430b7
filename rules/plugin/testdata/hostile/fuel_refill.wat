;; Sets global 1, which does not exist in the module but would be the fuel counter after metering (built with --no-check).
(module
  (memory (export "memory") 1)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param i32) (result i32) i32.const 1024)
  (global (mut i32) (i32.const 0))
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32) 
    (loop $l i64.const 1000000 global.set 1 br $l) i32.const 0)
)
