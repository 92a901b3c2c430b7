//go:build amd64 && !purego

#include "textflag.h"
#include "reduce_amd64.h"

// func dotBatchF16AVX2(q []float32, codes []uint16, out []float32)
// out[r] = Σ q[i]*f16(codes[r*len(q)+i]). The caller guarantees len(codes) >= len(out)*len(q).
// VCVTPH2PS widens 8 halves per step; accumulation as in dotBatchAVX2.
// Requires AVX2, FMA and F16C.
TEXT ·dotBatchF16AVX2(SB), NOSPLIT, $0-72
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
	VCVTPH2PS   (DI)(AX*2), Y4
	VCVTPH2PS   16(DI)(AX*2), Y5
	VCVTPH2PS   32(DI)(AX*2), Y6
	VCVTPH2PS   48(DI)(AX*2), Y7
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
	VCVTPH2PS   (DI)(AX*2), Y4
	VFMADD231PS (SI)(AX*4), Y4, Y0
	ADDQ        $8, AX
	CMPQ        AX, R13
	JNE         loop8

reduce:
	REDUCE4

tail:
	CMPQ        AX, R9
	JE          store
	MOVWLZX     (DI)(AX*2), BX
	VMOVD       BX, X1
	VCVTPH2PS   X1, X1
	VFMADD231SS (SI)(AX*4), X1, X0
	INCQ        AX
	JMP         tail

store:
	VMOVSS X0, (R10)
	ADDQ   $4, R10
	LEAQ   (DI)(R9*2), DI
	DECQ   R11
	JMP    row

end:
	VZEROUPPER
	RET

// func encodeF16AVX2(dst []uint16, src []float32)
// dst[i] = f16(src[i]) over len(src), rounding to nearest even. The caller guarantees
// len(dst) >= len(src). Requires AVX and F16C.
TEXT ·encodeF16AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX

loop32:
	CMPQ      CX, $32
	JL        loop8
	VMOVUPS   (SI), Y0
	VMOVUPS   32(SI), Y1
	VMOVUPS   64(SI), Y2
	VMOVUPS   96(SI), Y3
	VCVTPS2PH $0, Y0, (DI)
	VCVTPS2PH $0, Y1, 16(DI)
	VCVTPS2PH $0, Y2, 32(DI)
	VCVTPS2PH $0, Y3, 48(DI)
	ADDQ      $128, SI
	ADDQ      $64, DI
	SUBQ      $32, CX
	JMP       loop32

loop8:
	CMPQ      CX, $8
	JL        tail
	VMOVUPS   (SI), Y0
	VCVTPS2PH $0, Y0, (DI)
	ADDQ      $32, SI
	ADDQ      $16, DI
	SUBQ      $8, CX
	JMP       loop8

tail:
	TESTQ     CX, CX
	JE        done
	VMOVSS    (SI), X0
	VCVTPS2PH $0, X0, X0
	VMOVD     X0, AX
	MOVW      AX, (DI)
	ADDQ      $4, SI
	ADDQ      $2, DI
	DECQ      CX
	JMP       tail

done:
	VZEROUPPER
	RET

// func decodeF16AVX2(dst []float32, src []uint16)
// dst[i] = float32(src[i]) over len(src). The caller guarantees len(dst) >= len(src).
// Requires AVX and F16C.
TEXT ·decodeF16AVX2(SB), NOSPLIT, $0-48
	MOVQ dst_base+0(FP), DI
	MOVQ src_base+24(FP), SI
	MOVQ src_len+32(FP), CX

loop32:
	CMPQ      CX, $32
	JL        loop8
	VCVTPH2PS (SI), Y0
	VCVTPH2PS 16(SI), Y1
	VCVTPH2PS 32(SI), Y2
	VCVTPH2PS 48(SI), Y3
	VMOVUPS   Y0, (DI)
	VMOVUPS   Y1, 32(DI)
	VMOVUPS   Y2, 64(DI)
	VMOVUPS   Y3, 96(DI)
	ADDQ      $64, SI
	ADDQ      $128, DI
	SUBQ      $32, CX
	JMP       loop32

loop8:
	CMPQ      CX, $8
	JL        tail
	VCVTPH2PS (SI), Y0
	VMOVUPS   Y0, (DI)
	ADDQ      $16, SI
	ADDQ      $32, DI
	SUBQ      $8, CX
	JMP       loop8

tail:
	TESTQ     CX, CX
	JE        done
	MOVWLZX   (SI), AX
	VMOVD     AX, X0
	VCVTPH2PS X0, X0
	VMOVSS    X0, (DI)
	ADDQ      $2, SI
	ADDQ      $4, DI
	DECQ      CX
	JMP       tail

done:
	VZEROUPPER
	RET
