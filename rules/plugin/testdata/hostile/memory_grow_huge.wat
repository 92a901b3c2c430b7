;; One memory.grow of 65535 pages: refused, and charged 1024 fuel a page before the engine sees it.
(module
  (memory (export "memory") 1)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param i32) (result i32) i32.const 1024)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32) 
    i32.const 65535 memory.grow drop i32.const 4096 i32.const 0 i32.store i32.const 4096 i32.const 0 i32.store offset=4 i32.const 4096)
)
