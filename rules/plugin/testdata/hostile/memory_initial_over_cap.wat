;; Starts one page above the default cap (256 pages).
(module
  (memory (export "memory") 257)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param i32) (result i32) i32.const 1024)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32) 
    i32.const 0)
)
