;; Returns more entries than candidates (11 for 10).
(module
  (memory (export "memory") 1)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param i32) (result i32) i32.const 1024)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32) 
    i32.const 4096 i32.const 11 i32.store i32.const 4100 i32.const 0 i32.store i32.const 4104 i32.const 0 i32.store i32.const 4108 i32.const 1 i32.store i32.const 4112 i32.const 2 i32.store i32.const 4116 i32.const 3 i32.store i32.const 4120 i32.const 4 i32.store i32.const 4124 i32.const 5 i32.store i32.const 4128 i32.const 6 i32.store i32.const 4132 i32.const 7 i32.store i32.const 4136 i32.const 8 i32.store i32.const 4140 i32.const 9 i32.store i32.const 4144 i32.const 0 i32.store i32.const 4096)
)
