//go:build amd64 && !purego

#include "textflag.h"

// Gather kernels: out[k] = score(q, row ids[k]) for k < len(ids), rows of len(q) values starting
// at rows_base + ids[k]*rowBytes. They first prefetch every row of the batch, so that the memory
// system fetches the scattered rows in parallel, then score them one by one with AVX2 and FMA
// (F16C for halves). The caller guarantees that every id indexes a whole row and len(out) ≥
// len(ids).
//
// Registers: SI q, DI rows, R8 ids, R9 dim, R10 out, R11 len(ids), R12 row bytes,
// R13 dim rounded down to 32, R14 dim rounded down to 8, BX k, AX row address, CX element.

// PREFETCH_ROWS(shift): touch every cache line of every row (row bytes = dim << shift).
#define PREFETCH_ROWS \
	XORQ BX, BX \
pfrow: \
	CMPQ BX, R11 \
	JGE  pfdone \
	MOVLQSX (R8)(BX*4), AX \
	IMULQ R12, AX \
	ADDQ DI, AX \
	XORQ CX, CX \
pfline: \
	PREFETCHT0 (AX)(CX*1) \
	ADDQ $64, CX \
	CMPQ CX, R12 \
	JL   pfline \
	PREFETCHT0 -1(AX)(R12*1) \
	INCQ BX \
	JMP  pfrow \
pfdone:


#define LOAD_ARGS(elemShift) \
	MOVQ q_base+0(FP), SI \
	MOVQ q_len+8(FP), R9 \
	MOVQ rows_base+24(FP), DI \
	MOVQ ids_base+48(FP), R8 \
	MOVQ ids_len+56(FP), R11 \
	MOVQ out_base+72(FP), R10 \
	MOVQ R9, R12 \
	SHLQ $elemShift, R12 \
	MOVQ R9, R13 \
	ANDQ $-32, R13 \
	MOVQ R9, R14 \
	ANDQ $-8, R14

// ROW_START: AX = address of row ids[BX]; zero the accumulators Y0–Y3 and the scalar tail X6.
#define ROW_START \
	MOVLQSX (R8)(BX*4), AX \
	IMULQ R12, AX \
	ADDQ DI, AX \
	VXORPS Y0, Y0, Y0 \
	VXORPS Y1, Y1, Y1 \
	VXORPS Y2, Y2, Y2 \
	VXORPS Y3, Y3, Y3 \
	VXORPS X6, X6, X6 \
	XORQ CX, CX

// REDUCE_STORE: X0 = sum of Y0–Y3 lanes + X6, stored to out[BX].
#define REDUCE_STORE \
	VADDPS Y1, Y0, Y0 \
	VADDPS Y3, Y2, Y2 \
	VADDPS Y2, Y0, Y0 \
	VEXTRACTF128 $1, Y0, X1 \
	VADDPS X1, X0, X0 \
	VHADDPS X0, X0, X0 \
	VHADDPS X0, X0, X0 \
	VADDSS X6, X0, X0

// func gatherDotAVX2(q []float32, rows []float32, ids []int32, out []float32)
TEXT ·gatherDotAVX2(SB), NOSPLIT, $0-96
	LOAD_ARGS(2)
	PREFETCH_ROWS
	XORQ BX, BX

f32row:
	CMPQ BX, R11
	JGE  f32end
	ROW_START
	TESTQ R13, R13
	JE    f32check8

f32loop32:
	VMOVUPS     (AX)(CX*4), Y4
	VMOVUPS     32(AX)(CX*4), Y5
	VMOVUPS     64(AX)(CX*4), Y7
	VMOVUPS     96(AX)(CX*4), Y8
	VFMADD231PS (SI)(CX*4), Y4, Y0
	VFMADD231PS 32(SI)(CX*4), Y5, Y1
	VFMADD231PS 64(SI)(CX*4), Y7, Y2
	VFMADD231PS 96(SI)(CX*4), Y8, Y3
	ADDQ        $32, CX
	CMPQ        CX, R13
	JNE         f32loop32

f32check8:
	CMPQ CX, R14
	JE   f32tail

f32loop8:
	VMOVUPS     (AX)(CX*4), Y4
	VFMADD231PS (SI)(CX*4), Y4, Y0
	ADDQ        $8, CX
	CMPQ        CX, R14
	JNE         f32loop8

f32tail:
	CMPQ CX, R9
	JE   f32reduce
	VMOVSS      (AX)(CX*4), X4
	VFMADD231SS (SI)(CX*4), X4, X6
	INCQ        CX
	JMP         f32tail

f32reduce:
	REDUCE_STORE
	VMOVSS X0, (R10)(BX*4)
	INCQ   BX
	JMP    f32row

f32end:
	VZEROUPPER
	RET

// func gatherNegL2AVX2(q []float32, rows []float32, ids []int32, out []float32)
// out[k] = -Σ (q[i]-row[i])².
TEXT ·gatherNegL2AVX2(SB), NOSPLIT, $0-96
	LOAD_ARGS(2)
	PREFETCH_ROWS
	XORQ BX, BX

l2row:
	CMPQ BX, R11
	JGE  l2end
	ROW_START
	TESTQ R13, R13
	JE    l2check8

l2loop32:
	VMOVUPS     (SI)(CX*4), Y4
	VMOVUPS     32(SI)(CX*4), Y5
	VMOVUPS     64(SI)(CX*4), Y7
	VMOVUPS     96(SI)(CX*4), Y8
	VSUBPS      (AX)(CX*4), Y4, Y4
	VSUBPS      32(AX)(CX*4), Y5, Y5
	VSUBPS      64(AX)(CX*4), Y7, Y7
	VSUBPS      96(AX)(CX*4), Y8, Y8
	VFMADD231PS Y4, Y4, Y0
	VFMADD231PS Y5, Y5, Y1
	VFMADD231PS Y7, Y7, Y2
	VFMADD231PS Y8, Y8, Y3
	ADDQ        $32, CX
	CMPQ        CX, R13
	JNE         l2loop32

l2check8:
	CMPQ CX, R14
	JE   l2tail

l2loop8:
	VMOVUPS     (SI)(CX*4), Y4
	VSUBPS      (AX)(CX*4), Y4, Y4
	VFMADD231PS Y4, Y4, Y0
	ADDQ        $8, CX
	CMPQ        CX, R14
	JNE         l2loop8

l2tail:
	CMPQ CX, R9
	JE   l2reduce
	VMOVSS      (SI)(CX*4), X4
	VSUBSS      (AX)(CX*4), X4, X4
	VFMADD231SS X4, X4, X6
	INCQ        CX
	JMP         l2tail

l2reduce:
	REDUCE_STORE
	VXORPS X1, X1, X1
	VSUBSS X0, X1, X0
	VMOVSS X0, (R10)(BX*4)
	INCQ   BX
	JMP    l2row

l2end:
	VZEROUPPER
	RET

// func gatherDotF16AVX2(q []float32, rows []uint16, ids []int32, out []float32)
TEXT ·gatherDotF16AVX2(SB), NOSPLIT, $0-96
	LOAD_ARGS(1)
	PREFETCH_ROWS
	XORQ BX, BX

f16row:
	CMPQ BX, R11
	JGE  f16end
	ROW_START
	TESTQ R13, R13
	JE    f16check8

f16loop32:
	VCVTPH2PS   (AX)(CX*2), Y4
	VCVTPH2PS   16(AX)(CX*2), Y5
	VCVTPH2PS   32(AX)(CX*2), Y7
	VCVTPH2PS   48(AX)(CX*2), Y8
	VFMADD231PS (SI)(CX*4), Y4, Y0
	VFMADD231PS 32(SI)(CX*4), Y5, Y1
	VFMADD231PS 64(SI)(CX*4), Y7, Y2
	VFMADD231PS 96(SI)(CX*4), Y8, Y3
	ADDQ        $32, CX
	CMPQ        CX, R13
	JNE         f16loop32

f16check8:
	CMPQ CX, R14
	JE   f16tail

f16loop8:
	VCVTPH2PS   (AX)(CX*2), Y4
	VFMADD231PS (SI)(CX*4), Y4, Y0
	ADDQ        $8, CX
	CMPQ        CX, R14
	JNE         f16loop8

f16tail:
	CMPQ CX, R9
	JE   f16reduce
	MOVWLZX     (AX)(CX*2), DX
	VMOVD       DX, X4
	VCVTPH2PS   X4, X4
	VFMADD231SS (SI)(CX*4), X4, X6
	INCQ        CX
	JMP         f16tail

f16reduce:
	REDUCE_STORE
	VMOVSS X0, (R10)(BX*4)
	INCQ   BX
	JMP    f16row

f16end:
	VZEROUPPER
	RET

// func gatherDotI8AVX2(q []float32, rows []int8, ids []int32, out []float32)
TEXT ·gatherDotI8AVX2(SB), NOSPLIT, $0-96
	LOAD_ARGS(0)
	PREFETCH_ROWS
	XORQ BX, BX

i8row:
	CMPQ BX, R11
	JGE  i8end
	ROW_START
	TESTQ R13, R13
	JE    i8check8

i8loop32:
	VPMOVSXBD   (AX)(CX*1), Y4
	VPMOVSXBD   8(AX)(CX*1), Y5
	VPMOVSXBD   16(AX)(CX*1), Y7
	VPMOVSXBD   24(AX)(CX*1), Y8
	VCVTDQ2PS   Y4, Y4
	VCVTDQ2PS   Y5, Y5
	VCVTDQ2PS   Y7, Y7
	VCVTDQ2PS   Y8, Y8
	VFMADD231PS (SI)(CX*4), Y4, Y0
	VFMADD231PS 32(SI)(CX*4), Y5, Y1
	VFMADD231PS 64(SI)(CX*4), Y7, Y2
	VFMADD231PS 96(SI)(CX*4), Y8, Y3
	ADDQ        $32, CX
	CMPQ        CX, R13
	JNE         i8loop32

i8check8:
	CMPQ CX, R14
	JE   i8tail

i8loop8:
	VPMOVSXBD   (AX)(CX*1), Y4
	VCVTDQ2PS   Y4, Y4
	VFMADD231PS (SI)(CX*4), Y4, Y0
	ADDQ        $8, CX
	CMPQ        CX, R14
	JNE         i8loop8

i8tail:
	CMPQ CX, R9
	JE   i8reduce
	MOVBQSX     (AX)(CX*1), DX
	VCVTSI2SSQ  DX, X4, X4
	VFMADD231SS (SI)(CX*4), X4, X6
	INCQ        CX
	JMP         i8tail

i8reduce:
	REDUCE_STORE
	VMOVSS X0, (R10)(BX*4)
	INCQ   BX
	JMP    i8row

i8end:
	VZEROUPPER
	RET

// func prefetch2(p *int32)
// Prefetches the two cache lines from p: a level-0 link list of up to 32 ids.
TEXT ·prefetch2(SB), NOSPLIT, $0-8
	MOVQ       p+0(FP), AX
	PREFETCHT0 (AX)
	PREFETCHT0 64(AX)
	RET

// func gatherDotI8RowAVX2(q []float32, rows []int8, ids []int32, out []float32, scale, offset []float32, sumQ float32)
// out[k] = offset[id]·sumQ + scale[id]·Σ q[i]·row[i] for id = ids[k]: per-row int8 dequantization
// applied in place, with the row's scale and offset prefetched beside its codes.
TEXT ·gatherDotI8RowAVX2(SB), NOSPLIT, $0-148
	LOAD_ARGS(0)
	MOVQ scale_base+96(FP), R15
	MOVQ offset_base+120(FP), DX
	// prefetch the codes, scale and offset of every row
	XORQ BX, BX
rpfrow:
	CMPQ BX, R11
	JGE  rpfdone
	MOVLQSX (R8)(BX*4), AX
	PREFETCHT0 (R15)(AX*4)
	PREFETCHT0 (DX)(AX*4)
	IMULQ R12, AX
	ADDQ DI, AX
	XORQ CX, CX
rpfline:
	PREFETCHT0 (AX)(CX*1)
	ADDQ $64, CX
	CMPQ CX, R12
	JL   rpfline
	PREFETCHT0 -1(AX)(R12*1)
	INCQ BX
	JMP  rpfrow
rpfdone:
	VBROADCASTSS sumQ+144(FP), X7
	XORQ BX, BX

rrow:
	CMPQ BX, R11
	JGE  rend
	ROW_START
	TESTQ R13, R13
	JE    rcheck8

rloop32:
	VPMOVSXBD   (AX)(CX*1), Y4
	VPMOVSXBD   8(AX)(CX*1), Y5
	VPMOVSXBD   16(AX)(CX*1), Y8
	VPMOVSXBD   24(AX)(CX*1), Y9
	VCVTDQ2PS   Y4, Y4
	VCVTDQ2PS   Y5, Y5
	VCVTDQ2PS   Y8, Y8
	VCVTDQ2PS   Y9, Y9
	VFMADD231PS (SI)(CX*4), Y4, Y0
	VFMADD231PS 32(SI)(CX*4), Y5, Y1
	VFMADD231PS 64(SI)(CX*4), Y8, Y2
	VFMADD231PS 96(SI)(CX*4), Y9, Y3
	ADDQ        $32, CX
	CMPQ        CX, R13
	JNE         rloop32

rcheck8:
	CMPQ CX, R14
	JE   rtail

rloop8:
	VPMOVSXBD   (AX)(CX*1), Y4
	VCVTDQ2PS   Y4, Y4
	VFMADD231PS (SI)(CX*4), Y4, Y0
	ADDQ        $8, CX
	CMPQ        CX, R14
	JNE         rloop8

rtail:
	CMPQ CX, R9
	JE   rreduce
	MOVBQSX     (AX)(CX*1), AX
	VCVTSI2SSQ  AX, X4, X4
	VFMADD231SS (SI)(CX*4), X4, X6
	// AX was the row address: recompute it
	MOVLQSX (R8)(BX*4), AX
	IMULQ R12, AX
	ADDQ DI, AX
	INCQ        CX
	JMP         rtail

rreduce:
	REDUCE_STORE
	MOVLQSX (R8)(BX*4), AX
	VMOVSS      (DX)(AX*4), X1
	VMULSS      X7, X1, X1
	VFMADD231SS (R15)(AX*4), X0, X1
	VMOVSS      X1, (R10)(BX*4)
	INCQ   BX
	JMP    rrow

rend:
	VZEROUPPER
	RET
