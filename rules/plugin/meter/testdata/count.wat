;; Fuel accounting fixtures for meter tests. Rebuild: wat2wasm count.wat -o count.wasm
;; A region's charge is its longest path in instructions; the comments count them.
(module
  (memory (export "memory") 1)
  ;; 2 instructions: i32.const, end.
  (func (export "const") (result i32) i32.const 7)
  ;; entry: i32.const, local.set, loop, (loop's) end, local.get, end = 6, plus 1 for the local;
  ;; loop body: local.get, i32.const, i32.add, local.tee, local.get, i32.lt_u, br_if = 7.
  (func (export "count") (param $n i32) (result i32) (local $i i32)
    i32.const 0
    local.set $i
    loop $l
      local.get $i
      i32.const 1
      i32.add
      local.tee $i
      local.get $n
      i32.lt_u
      br_if $l
    end
    local.get $i)
  ;; recursion: each call charges the else arm's path: 4 + 9 + 2 ends = 15.
  (func $fib (export "fib") (param $n i32) (result i32)
    local.get $n
    i32.const 2
    i32.lt_u
    if (result i32)
      local.get $n
    else
      local.get $n
      i32.const 1
      i32.sub
      call $fib
      local.get $n
      i32.const 2
      i32.sub
      call $fib
      i32.add
    end)
  ;; bulk: fill n bytes.
  (func (export "fill") (param $n i32)
    i32.const 0
    i32.const 255
    local.get $n
    memory.fill)
  ;; grow by n pages, returns the old size or -1.
  (func (export "grow") (param $n i32) (result i32)
    local.get $n
    memory.grow)
  (func (export "spin") (loop $l br $l))
  ;; deep(n) = n by recursion n frames deep; leaves by return (n = 0), by a branch to the function's label
  ;; (n = 1) and by falling off the end; each frame takes 8 + 1 stack slots.
  (func $deep (export "deep") (param $n i32) (result i32)
    block
      local.get $n
      i32.eqz
      if
        i32.const 0
        return
      end
    end
    local.get $n i32.const 1 i32.eq
    if i32.const 1 br 1 end
    local.get $n i32.const 1 i32.sub call $deep
    i32.const 1 i32.add)
)
