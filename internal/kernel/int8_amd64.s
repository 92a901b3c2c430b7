//go:build amd64 && !purego

#include "textflag.h"
#include "reduce_amd64.h"

// func dotBatchInt8AVX2(q []float32, codes []int8, out []float32)
// out[r] = Σ q[i]*float32(codes[r*len(q)+i]). The caller guarantees len(codes) >= len(out)*len(q).
// Each step widens 8 codes to int32 (VPMOVSXBD), converts them to float (VCVTDQ2PS) and
// accumulates with FMA; the main loop takes 32 codes into four independent accumulators.
// Requires AVX2 and FMA.
TEXT ·dotBatchInt8AVX2(SB), NOSPLIT, $0-72
	MOVQ q_base+0(FP), SI
	MOVQ q_len+8(FP), R9
	MOVQ codes_base+24(FP), DI
	MOVQ out_base+48(FP), R10
	MOVQ out_len+56(FP), R11
	MOVQ R9, R12
	ANDQ $-32, R12 // elements covered by the 32-wide loop
	MOVQ R9, R13
	ANDQ $-8, R13  // elements covered by the 32- and 8-wide loops

row:
	TESTQ R11, R11
	JE    end
	XORQ  AX, AX
	ZERO4
	TESTQ R12, R12
	JE    check8

loop32:
	VPMOVSXBD   (DI)(AX*1), Y4
	VPMOVSXBD   8(DI)(AX*1), Y5
	VPMOVSXBD   16(DI)(AX*1), Y6
	VPMOVSXBD   24(DI)(AX*1), Y7
	VCVTDQ2PS   Y4, Y4
	VCVTDQ2PS   Y5, Y5
	VCVTDQ2PS   Y6, Y6
	VCVTDQ2PS   Y7, Y7
	VFMADD231PS (SI)(AX*4), Y4, Y0
	VFMADD231PS 32(SI)(AX*4), Y5, Y1
	VFMADD231PS 64(SI)(AX*4), Y6, Y2
	VFMADD231PS 96(SI)(AX*4), Y7, Y3
	ADDQ        $32, AX
	CMPQ        AX, R12
	JNE         loop32

check8:
	CMPQ AX, R13
	JE   reduce

loop8:
	VPMOVSXBD   (DI)(AX*1), Y4
	VCVTDQ2PS   Y4, Y4
	VFMADD231PS (SI)(AX*4), Y4, Y0
	ADDQ        $8, AX
	CMPQ        AX, R13
	JNE         loop8

reduce:
	REDUCE4

tail:
	CMPQ        AX, R9
	JE          store
	MOVBLSX     (DI)(AX*1), BX
	VCVTSI2SSL  BX, X1, X1
	VFMADD231SS (SI)(AX*4), X1, X0
	INCQ        AX
	JMP         tail

store:
	VMOVSS X0, (R10)
	ADDQ   $4, R10
	ADDQ   R9, DI
	DECQ   R11
	JMP    row

end:
	VZEROUPPER
	RET
