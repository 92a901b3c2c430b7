;; SIMD128 scan kernels for the browser build of CoreRec, sharing the Go runtime's linear memory.
;; They compute exactly what internal/kernel's DotBatch and DotBatchInt8 compute (up to the order of
;; the float additions). Pointers are byte offsets into Go's memory (Go's pointers on wasm are); the
;; caller (wasm/simd.go) passes slices it keeps alive and checks their lengths.
;;
;; Rebuild kernels.wasm after editing (Debian package wabt):
;;   wat2wasm wasm/simd/kernels.wat -o wasm/simd/kernels.wasm
(module
  (import "go" "mem" (memory 0))

  ;; hsum returns the sum of the four lanes of v.
  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; dot_i8 returns Σ q[i]*codes[i] over i < d: 16 codes per step, scalar tail.
  (func $dot_i8 (param $q i32) (param $c i32) (param $d i32) (result f32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $v v128) (local $lo v128) (local $hi v128) (local $end i32) (local $s f32)
    (local.set $end (i32.add (local.get $c) (i32.and (local.get $d) (i32.const -16))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $c) (local.get $end)))
        (local.set $v (v128.load align=1 (local.get $c)))
        (local.set $lo (i16x8.extend_low_i8x16_s (local.get $v)))
        (local.set $hi (i16x8.extend_high_i8x16_s (local.get $v)))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load offset=0 align=4 (local.get $q))
          (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (local.get $lo))))))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 align=4 (local.get $q))
          (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_s (local.get $lo))))))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load offset=32 align=4 (local.get $q))
          (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (local.get $hi))))))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load offset=48 align=4 (local.get $q))
          (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_s (local.get $hi))))))
        (local.set $q (i32.add (local.get $q) (i32.const 64)))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $step)))
    (local.set $s (call $hsum (f32x4.add (f32x4.add (local.get $a0) (local.get $a1))
                                         (f32x4.add (local.get $a2) (local.get $a3)))))
    (local.set $end (i32.add (local.get $c) (i32.and (local.get $d) (i32.const 15))))
    (block $tdone
      (loop $tail
        (br_if $tdone (i32.ge_u (local.get $c) (local.get $end)))
        (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $q))
          (f32.convert_i32_s (i32.load8_s (local.get $c))))))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $tail)))
    (local.get $s))

  ;; dot_f32 returns Σ q[i]*x[i] over i < d: 16 floats per step, scalar tail.
  (func $dot_f32 (param $q i32) (param $x i32) (param $d i32) (result f32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $end i32) (local $s f32)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $d) (i32.const -16)) (i32.const 2))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load offset=0 align=4 (local.get $q))
          (v128.load offset=0 align=4 (local.get $x)))))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 align=4 (local.get $q))
          (v128.load offset=16 align=4 (local.get $x)))))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load offset=32 align=4 (local.get $q))
          (v128.load offset=32 align=4 (local.get $x)))))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load offset=48 align=4 (local.get $q))
          (v128.load offset=48 align=4 (local.get $x)))))
        (local.set $q (i32.add (local.get $q) (i32.const 64)))
        (local.set $x (i32.add (local.get $x) (i32.const 64)))
        (br $step)))
    (local.set $s (call $hsum (f32x4.add (f32x4.add (local.get $a0) (local.get $a1))
                                         (f32x4.add (local.get $a2) (local.get $a3)))))
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $d) (i32.const 15)) (i32.const 2))))
    (block $tdone
      (loop $tail
        (br_if $tdone (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $q)) (f32.load (local.get $x)))))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br $tail)))
    (local.get $s))

  ;; dotBatchInt8(q, codes, out, d, n): out[i] = dot_i8(q, codes + i*d, d) for i < n.
  (func (export "dotBatchInt8") (param $q i32) (param $c i32) (param $out i32) (param $d i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (f32.store (local.get $out) (call $dot_i8 (local.get $q) (local.get $c) (local.get $d)))
        (local.set $c (i32.add (local.get $c) (local.get $d)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row))))

  ;; dotBatch(q, rows, out, d, n): out[i] = dot_f32(q, rows + 4*i*d, d) for i < n.
  (func (export "dotBatch") (param $q i32) (param $x i32) (param $out i32) (param $d i32) (param $n i32)
    (local $end i32) (local $stride i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $stride (i32.shl (local.get $d) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (f32.store (local.get $out) (call $dot_f32 (local.get $q) (local.get $x) (local.get $d)))
        (local.set $x (i32.add (local.get $x) (local.get $stride)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row))))

  ;; The gathers score q against rows at scattered indices in exactly the order internal/kernel's
  ;; generic gathers add (bit-identical): per window of 8, lane j accumulates q[j]·x[j] + q[j+4]·x[j+4];
  ;; the scalar tail goes into lane 0; the result is (l0+l1)+(l2+l3).

  ;; gdot_i8 returns the generic gather's int8 dot product of q and codes at c, d long.
  (func $gdot_i8 (param $q i32) (param $c i32) (param $d i32) (result f32)
    (local $a v128) (local $v v128) (local $end i32) (local $s f32)
    (local.set $end (i32.add (local.get $c) (i32.and (local.get $d) (i32.const -8))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $c) (local.get $end)))
        (local.set $v (v128.load8x8_s align=1 (local.get $c)))
        (local.set $a (f32x4.add (local.get $a) (f32x4.add
          (f32x4.mul (v128.load offset=0 align=4 (local.get $q))
                     (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (local.get $v))))
          (f32x4.mul (v128.load offset=16 align=4 (local.get $q))
                     (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_s (local.get $v)))))))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))
        (br $step)))
    (local.set $s (f32x4.extract_lane 0 (local.get $a)))
    (local.set $end (i32.add (local.get $c) (i32.and (local.get $d) (i32.const 7))))
    (block $tdone
      (loop $tail
        (br_if $tdone (i32.ge_u (local.get $c) (local.get $end)))
        (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $q))
          (f32.convert_i32_s (i32.load8_s (local.get $c))))))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $tail)))
    (f32.add (f32.add (local.get $s) (f32x4.extract_lane 1 (local.get $a)))
             (f32.add (f32x4.extract_lane 2 (local.get $a)) (f32x4.extract_lane 3 (local.get $a)))))

  ;; gdot_f32 returns the generic gather's f32 dot product of q and the row at x, d long.
  (func $gdot_f32 (param $q i32) (param $x i32) (param $d i32) (result f32)
    (local $a v128) (local $end i32) (local $s f32)
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $d) (i32.const -8)) (i32.const 2))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $a (f32x4.add (local.get $a) (f32x4.add
          (f32x4.mul (v128.load offset=0 align=4 (local.get $q)) (v128.load offset=0 align=4 (local.get $x)))
          (f32x4.mul (v128.load offset=16 align=4 (local.get $q)) (v128.load offset=16 align=4 (local.get $x))))))
        (local.set $q (i32.add (local.get $q) (i32.const 32)))
        (local.set $x (i32.add (local.get $x) (i32.const 32)))
        (br $step)))
    (local.set $s (f32x4.extract_lane 0 (local.get $a)))
    (local.set $end (i32.add (local.get $x) (i32.shl (i32.and (local.get $d) (i32.const 7)) (i32.const 2))))
    (block $tdone
      (loop $tail
        (br_if $tdone (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $q)) (f32.load (local.get $x)))))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (local.set $x (i32.add (local.get $x) (i32.const 4)))
        (br $tail)))
    (f32.add (f32.add (local.get $s) (f32x4.extract_lane 1 (local.get $a)))
             (f32.add (f32x4.extract_lane 2 (local.get $a)) (f32x4.extract_lane 3 (local.get $a)))))

  ;; gatherDot(q, rows, ids, out, d, n): out[k] = gdot_f32(q, rows + 4*ids[k]*d, d) for k < n.
  (func (export "gatherDot") (param $q i32) (param $x i32) (param $ids i32) (param $out i32) (param $d i32) (param $n i32)
    (local $end i32) (local $stride i32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $stride (i32.shl (local.get $d) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (f32.store (local.get $out) (call $gdot_f32 (local.get $q)
          (i32.add (local.get $x) (i32.mul (i32.load (local.get $ids)) (local.get $stride))) (local.get $d)))
        (local.set $ids (i32.add (local.get $ids) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row))))

  ;; gatherDotInt8Row(q, codes, ids, out, scale, offset, sumQ, d, n): for k < n with id = ids[k],
  ;; out[k] = offset[id]*sumQ + scale[id]*gdot_i8(q, codes + id*d, d); scale == 0 leaves the raw dot.
  (func (export "gatherDotInt8Row") (param $q i32) (param $c i32) (param $ids i32) (param $out i32)
    (param $scale i32) (param $offset i32) (param $sumQ f32) (param $d i32) (param $n i32)
    (local $end i32) (local $id i32) (local $s f32)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $id (i32.load (local.get $ids)))
        (local.set $s (call $gdot_i8 (local.get $q) (i32.add (local.get $c) (i32.mul (local.get $id) (local.get $d))) (local.get $d)))
        (if (local.get $scale)
          (then
            (local.set $id (i32.shl (local.get $id) (i32.const 2)))
            (local.set $s (f32.add
              (f32.mul (f32.load (i32.add (local.get $offset) (local.get $id))) (local.get $sumQ))
              (f32.mul (f32.load (i32.add (local.get $scale) (local.get $id))) (local.get $s))))))
        (f32.store (local.get $out) (local.get $s))
        (local.set $ids (i32.add (local.get $ids) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row)))))
