;; Grows memory a page at a time until refused, then answers: valid, and the bloated instance is discarded.
(module
  (memory (export "memory") 1)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param i32) (result i32) i32.const 1024)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32) 
    (block $full (loop $l i32.const 1 memory.grow i32.const -1 i32.eq br_if $full br $l))
    i32.const 4096 i32.const 0 i32.store i32.const 4096 i32.const 0 i32.store offset=4 i32.const 4096)
)
