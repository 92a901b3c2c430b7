;; Loop-free exponential recursion: fib(60) makes about 10^12 calls, no loop anywhere.
(module
  (memory (export "memory") 1)
  (func (export "corerec_abi_v1"))
  (func (export "corerec_alloc") (param i32) (result i32) i32.const 1024)
  (func $fib (param $n i32) (result i32)
    local.get $n i32.const 2 i32.lt_u
    if (result i32) local.get $n
    else local.get $n i32.const 1 i32.sub call $fib local.get $n i32.const 2 i32.sub call $fib i32.add end)
  (func (export "corerec_rerank") (param $in i32) (param $len i32) (result i32) 
    i32.const 60 call $fib drop i32.const 4096 i32.const 0 i32.store i32.const 4096 i32.const 0 i32.store offset=4 i32.const 4096)
)
