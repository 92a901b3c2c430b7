//go:build amd64 && !purego

#include "textflag.h"
#include "reduce_amd64.h"

// func dotBatchAVX2(q []float32, rows []float32, out []float32)
// out[r] = q · rows[r*len(q) : (r+1)*len(q)]. The caller guarantees len(rows) >= len(out)*len(q).
// Four independent accumulators take 32 floats per step, then 8, then one. Requires AVX2 and FMA.
TEXT ·dotBatchAVX2(SB), NOSPLIT, $0-72
	MOVQ q_base+0(FP), SI
	MOVQ q_len+8(FP), R9
	MOVQ rows_base+24(FP), DI
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
	VMOVUPS     (DI)(AX*4), Y4
	VMOVUPS     32(DI)(AX*4), Y5
	VMOVUPS     64(DI)(AX*4), Y6
	VMOVUPS     96(DI)(AX*4), Y7
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
	VMOVUPS     (DI)(AX*4), Y4
	VFMADD231PS (SI)(AX*4), Y4, Y0
	ADDQ        $8, AX
	CMPQ        AX, R13
	JNE         loop8

reduce:
	REDUCE4

tail:
	CMPQ        AX, R9
	JE          store
	VMOVSS      (DI)(AX*4), X1
	VFMADD231SS (SI)(AX*4), X1, X0
	INCQ        AX
	JMP         tail

store:
	VMOVSS X0, (R10)
	ADDQ   $4, R10
	LEAQ   (DI)(R9*4), DI
	DECQ   R11
	JMP    row

end:
	VZEROUPPER
	RET

// func squaredL2AVX2(a, b []float32) float32
// Sum of (a[i]-b[i])² over len(a); the caller guarantees len(b) >= len(a). Requires AVX2 and FMA.
TEXT ·squaredL2AVX2(SB), NOSPLIT, $0-52
	MOVQ a_base+0(FP), SI
	MOVQ a_len+8(FP), CX
	MOVQ b_base+24(FP), DI
	ZERO4

loop32:
	CMPQ        CX, $32
	JL          loop8
	VMOVUPS     (SI), Y4
	VMOVUPS     32(SI), Y5
	VMOVUPS     64(SI), Y6
	VMOVUPS     96(SI), Y7
	VSUBPS      (DI), Y4, Y4
	VSUBPS      32(DI), Y5, Y5
	VSUBPS      64(DI), Y6, Y6
	VSUBPS      96(DI), Y7, Y7
	VFMADD231PS Y4, Y4, Y0
	VFMADD231PS Y5, Y5, Y1
	VFMADD231PS Y6, Y6, Y2
	VFMADD231PS Y7, Y7, Y3
	ADDQ        $128, SI
	ADDQ        $128, DI
	SUBQ        $32, CX
	JMP         loop32

loop8:
	CMPQ        CX, $8
	JL          reduce
	VMOVUPS     (SI), Y4
	VSUBPS      (DI), Y4, Y4
	VFMADD231PS Y4, Y4, Y0
	ADDQ        $32, SI
	ADDQ        $32, DI
	SUBQ        $8, CX
	JMP         loop8

reduce:
	REDUCE4

tail:
	TESTQ       CX, CX
	JE          done
	VMOVSS      (SI), X1
	VSUBSS      (DI), X1, X1
	VFMADD231SS X1, X1, X0
	ADDQ        $4, SI
	ADDQ        $4, DI
	DECQ        CX
	JMP         tail

done:
	VZEROUPPER
	MOVSS X0, ret+48(FP)
	RET

// func axpyAVX2(x, y []float32, alpha float32)
// y[i] += alpha*x[i] over len(x); the caller guarantees len(y) >= len(x). Requires AVX2 and FMA.
TEXT ·axpyAVX2(SB), NOSPLIT, $0-52
	MOVQ         x_base+0(FP), SI
	MOVQ         x_len+8(FP), CX
	MOVQ         y_base+24(FP), DI
	VBROADCASTSS alpha+48(FP), Y15

loop32:
	CMPQ        CX, $32
	JL          loop8
	VMOVUPS     (DI), Y0
	VMOVUPS     32(DI), Y1
	VMOVUPS     64(DI), Y2
	VMOVUPS     96(DI), Y3
	VFMADD231PS (SI), Y15, Y0
	VFMADD231PS 32(SI), Y15, Y1
	VFMADD231PS 64(SI), Y15, Y2
	VFMADD231PS 96(SI), Y15, Y3
	VMOVUPS     Y0, (DI)
	VMOVUPS     Y1, 32(DI)
	VMOVUPS     Y2, 64(DI)
	VMOVUPS     Y3, 96(DI)
	ADDQ        $128, SI
	ADDQ        $128, DI
	SUBQ        $32, CX
	JMP         loop32

loop8:
	CMPQ        CX, $8
	JL          tail
	VMOVUPS     (DI), Y0
	VFMADD231PS (SI), Y15, Y0
	VMOVUPS     Y0, (DI)
	ADDQ        $32, SI
	ADDQ        $32, DI
	SUBQ        $8, CX
	JMP         loop8

tail:
	TESTQ       CX, CX
	JE          done
	VMOVSS      (DI), X0
	VFMADD231SS (SI), X15, X0
	VMOVSS      X0, (DI)
	ADDQ        $4, SI
	ADDQ        $4, DI
	DECQ        CX
	JMP         tail

done:
	VZEROUPPER
	RET
