;; Calls an empty table slot.
(module
  (type $t (func))
  (table 2 funcref)
  (memory (export "memory") 1)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param i32) (result i32) i32.const 1024)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32) 
    i32.const 1 call_indirect (type $t) i32.const 4096 i32.const 0 i32.store i32.const 4096 i32.const 0 i32.store offset=4 i32.const 4096)
)
