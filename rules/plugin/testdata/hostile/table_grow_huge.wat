;; Grows a table by 2^30 elements in one instruction.
(module
  (table 1 funcref)
  (memory (export "memory") 1)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param i32) (result i32) i32.const 1024)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32) 
    ref.null func i32.const 1073741824 table.grow 0 drop i32.const 4096 i32.const 0 i32.store i32.const 4096 i32.const 0 i32.store offset=4 i32.const 4096)
)
