;; Fills 64 KiB again and again: few instructions, much work, charged by the operand.
(module
  (memory (export "memory") 1)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param i32) (result i32) i32.const 1024)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32) 
    (loop $l i32.const 0 i32.const 7 i32.const 65536 memory.fill br $l) i32.const 0)
)
