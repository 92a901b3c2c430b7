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
        (br $row))))

  ;; The GEMM micro-kernel of internal/kernel/gemm (its portable kernGo, bit-identical), over a grid of
  ;; panels × tiles 4×16 tiles C = alpha·(A·Bp) + beta·C, k steps each. Panel q reads rows 4q…4q+3 of A,
  ;; A[r, p] being the f32 at a + 4·(r·rs + p·ss), and writes the same rows of C (row stride ldc floats);
  ;; tile t reads the packed panel at b + 64·k·t (16 floats a step) and writes columns 16t…16t+15.
  ;; beta == 0 does not read C. Each element sums its k products in step order from 0, then
  ;; alpha·acc (+ beta·C), as kernGo does. The 16 columns go in two halves of 8 so that the 8
  ;; accumulators stay in registers.
  (func (export "gemmTiles") (param $k i32) (param $a i32) (param $rs i32) (param $ss i32) (param $b i32)
    (param $c i32) (param $ldc i32) (param $alpha f32) (param $beta f32) (param $tiles i32) (param $panels i32)
    (local $t i32) (local $bt i32) (local $ct i32)
    (local.set $rs (i32.shl (local.get $rs) (i32.const 2)))
    (local.set $ss (i32.shl (local.get $ss) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (block $pdone
      (loop $panel
        (br_if $pdone (i32.eqz (local.get $panels)))
        (local.set $t (local.get $tiles))
        (local.set $bt (local.get $b))
        (local.set $ct (local.get $c))
        (block $done
          (loop $tile
            (br_if $done (i32.eqz (local.get $t)))
            (call $gemmHalf (local.get $k) (local.get $a) (local.get $rs) (local.get $ss) (local.get $bt)
              (local.get $ct) (local.get $ldc) (local.get $alpha) (local.get $beta))
            (call $gemmHalf (local.get $k) (local.get $a) (local.get $rs) (local.get $ss) (i32.add (local.get $bt) (i32.const 32))
              (i32.add (local.get $ct) (i32.const 32)) (local.get $ldc) (local.get $alpha) (local.get $beta))
            (local.set $bt (i32.add (local.get $bt) (i32.shl (local.get $k) (i32.const 6))))
            (local.set $ct (i32.add (local.get $ct) (i32.const 64)))
            (local.set $t (i32.sub (local.get $t) (i32.const 1)))
            (br $tile)))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $rs) (i32.const 2))))
        (local.set $c (i32.add (local.get $c) (i32.shl (local.get $ldc) (i32.const 2))))
        (local.set $panels (i32.sub (local.get $panels) (i32.const 1)))
        (br $panel))))

  ;; gemmHalf computes 8 columns of one tile: b points at the half's first float of step 0 (the next
  ;; step is 64 bytes on), c at its first column; rs, ss and ldc are in bytes.
  (func $gemmHalf (param $k i32) (param $a i32) (param $rs i32) (param $ss i32) (param $b i32)
    (param $c i32) (param $ldc i32) (param $alpha f32) (param $beta f32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $av v128) (local $end i32) (local $rs3 i32)
    (local.set $end (i32.add (local.get $b) (i32.shl (local.get $k) (i32.const 6))))
    (local.set $rs3 (i32.mul (local.get $rs) (i32.const 3)))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $b) (local.get $end)))
        (local.set $b0 (v128.load offset=0 align=4 (local.get $b)))
        (local.set $b1 (v128.load offset=16 align=4 (local.get $b)))
        (local.set $av (f32x4.splat (f32.load (local.get $a))))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $av) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $av) (local.get $b1))))
        (local.set $av (f32x4.splat (f32.load (i32.add (local.get $a) (local.get $rs)))))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $av) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $av) (local.get $b1))))
        (local.set $av (f32x4.splat (f32.load (i32.add (local.get $a) (i32.shl (local.get $rs) (i32.const 1))))))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $av) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $av) (local.get $b1))))
        (local.set $av (f32x4.splat (f32.load (i32.add (local.get $a) (local.get $rs3)))))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $av) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $av) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (local.get $ss)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (br $step)))
    (call $gemmStore (local.get $c) (local.get $c00) (local.get $c01) (local.get $alpha) (local.get $beta))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (call $gemmStore (local.get $c) (local.get $c10) (local.get $c11) (local.get $alpha) (local.get $beta))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (call $gemmStore (local.get $c) (local.get $c20) (local.get $c21) (local.get $alpha) (local.get $beta))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (call $gemmStore (local.get $c) (local.get $c30) (local.get $c31) (local.get $alpha) (local.get $beta)))

  ;; gemmStore writes 8 floats of C at c: alpha·acc, plus beta·C unless beta == 0.
  (func $gemmStore (param $c i32) (param $x0 v128) (param $x1 v128) (param $alpha f32) (param $beta f32)
    (local $al v128) (local $be v128)
    (local.set $al (f32x4.splat (local.get $alpha)))
    (local.set $x0 (f32x4.mul (local.get $al) (local.get $x0)))
    (local.set $x1 (f32x4.mul (local.get $al) (local.get $x1)))
    (if (f32.ne (local.get $beta) (f32.const 0))
      (then
        (local.set $be (f32x4.splat (local.get $beta)))
        (local.set $x0 (f32x4.add (local.get $x0) (f32x4.mul (local.get $be) (v128.load offset=0 align=4 (local.get $c)))))
        (local.set $x1 (f32x4.add (local.get $x1) (f32x4.mul (local.get $be) (v128.load offset=16 align=4 (local.get $c)))))))
    (v128.store offset=0 align=4 (local.get $c) (local.get $x0))
    (v128.store offset=16 align=4 (local.get $c) (local.get $x1))))
