//go:build amd64 && !purego

#include "textflag.h"
#include "reduce_amd64.h"

// func dotBatchInt8AVX2(q []float32, codes []int8, out []float32)
// out[r] = Σ q[i]*float32(codes[r*len(q)+i]). The caller guarantees len(codes) >= len(out)*len(q).
// Each step widens 8 codes to int32 (VPMOVSXBD), converts them to float (VCVTDQ2PS) and
// accumulates with FMA; the main loop takes 32 codes into four independent accumulators.
// Requires AVX2 and FMA.
TEXT ·dotBatchInt8AVX2(SB), NOSPLIT, $0-72
	MOVQ q_base+0(FP), R8
	MOVQ q_len+8(FP), R9
	MOVQ codes_base+24(FP), DI
	MOVQ out_base+48(FP), R10
	MOVQ out_len+56(FP), R11

row:
	TESTQ R11, R11
	JE    end
	MOVQ  R8, SI
	MOVQ  R9, CX
	ZERO4

loop32:
	CMPQ        CX, $32
	JL          loop8
	VPMOVSXBD   (DI), Y4
	VPMOVSXBD   8(DI), Y5
	VPMOVSXBD   16(DI), Y6
	VPMOVSXBD   24(DI), Y7
	VCVTDQ2PS   Y4, Y4
	VCVTDQ2PS   Y5, Y5
	VCVTDQ2PS   Y6, Y6
	VCVTDQ2PS   Y7, Y7
	VFMADD231PS (SI), Y4, Y0
	VFMADD231PS 32(SI), Y5, Y1
	VFMADD231PS 64(SI), Y6, Y2
	VFMADD231PS 96(SI), Y7, Y3
	ADDQ        $128, SI
	ADDQ        $32, DI
	SUBQ        $32, CX
	JMP         loop32

loop8:
	CMPQ        CX, $8
	JL          reduce
	VPMOVSXBD   (DI), Y4
	VCVTDQ2PS   Y4, Y4
	VFMADD231PS (SI), Y4, Y0
	ADDQ        $32, SI
	ADDQ        $8, DI
	SUBQ        $8, CX
	JMP         loop8

reduce:
	REDUCE4

tail:
	TESTQ       CX, CX
	JE          store
	MOVBLSX     (DI), AX
	VCVTSI2SSL  AX, X1, X1
	VFMADD231SS (SI), X1, X0
	ADDQ        $4, SI
	INCQ        DI
	DECQ        CX
	JMP         tail

store:
	VMOVSS X0, (R10)
	ADDQ   $4, R10
	DECQ   R11
	JMP    row

end:
	VZEROUPPER
	RET
