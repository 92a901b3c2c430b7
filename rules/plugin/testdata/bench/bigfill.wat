;; Benchmark guest: grows memory to 16 MiB, then fills all of it again and again: bulk memory work beyond
;; the caches, charged by its byte count.
(module
  (memory (export "memory") 1)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param i32) (result i32) i32.const 1024)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32)
    i32.const 255 memory.grow drop
    (loop $l
      i32.const 0 i32.const 7 memory.size i32.const 16 i32.shl memory.fill
      br $l)
    i32.const 0))
