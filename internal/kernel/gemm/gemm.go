package gemm

import (
	"sync"

	"github.com/corerec/corerec/internal/fmtlite"
	corekernel "github.com/corerec/corerec/internal/kernel"
)

// Block sizes: a kc×nc block of packed B (128 KiB) stays in L2 while the micro-kernel walks
// it one kc×NR micro-panel at a time with one MR×kc panel of A (read in place, ≤ 12 KiB) held
// in L1.
const (
	kc = 256
	nc = 128
)

// kernel computes the mr×nr tile C = alpha·(A·Bp) + beta·C over k steps, where
// A[r, p] = a[r·rs + p·ss] (read in place, or from a packed panel with rs = 1, ss = mr) and the
// packed Bp holds nr values per step. beta == 0 does not read C.
type kernel struct {
	name   string
	mr, nr int
	fn     func(k int, a *float32, rs, ss int, b, c *float32, ldc int, alpha, beta float32)
	// tiles, when set instead of fn, computes a grid of tiles in one call: an
	// internal/kernel.Accel's GemmTiles (the browser's SIMD128 module), for which a call costs more
	// than a Go call (see block.runGrid).
	tiles corekernel.GemmTilesFunc
}

// Impl names the micro-kernel in use ("avx512", "avx2", "go", or an installed accelerator's name
// such as "simd128").
func Impl() string { return current().name }

var bufPool = sync.Pool{New: func() any { return new(buffers) }}

type buffers struct{ a, b, tile, grid []float32 }

// scratch returns n floats of the grid kernels' scratch, grown as needed (pooled with the buffers).
func (bf *buffers) scratch(n int) []float32 {
	if len(bf.grid) < n {
		bf.grid = make([]float32, n)
	}
	return bf.grid[:n]
}

// Gemm computes C = alpha·op(A)·op(B) + beta·C on row-major matrices, where op(A) is m×k,
// op(B) is k×n and C is m×n. A is stored m×k (k×m if transA) with row stride lda, B is
// stored k×n (n×k if transB) with row stride ldb, C has row stride ldc. As in BLAS, beta == 0
// overwrites C without reading it, and alpha == 0 does not read A or B. It panics with a
// message naming the argument if dimensions, strides or slice lengths do not fit.
func Gemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	check(transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	gemmWith(current(), transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemmWith is Gemm's product with the micro-kernel kern, on checked arguments with m, n, k > 0 and
// alpha != 0.
func gemmWith(kern kernel, transA, transB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	bufs := bufPool.Get().(*buffers)
	defer bufPool.Put(bufs)
	bufs.grow(kern)
	for jc := 0; jc < n; jc += nc {
		nb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			bet := beta
			if pc > 0 {
				bet = 1
			}
			packB(transB, b, ldb, pc, jc, kb, nb, kern.nr, bufs.b)
			blk := block{transA: transA, a: a, lda: lda, m: m, pc: pc, kb: kb, nb: nb}
			blk.run(kern, alpha, bufs.b, bufs, bet, c[jc:], ldc)
		}
	}
}

// PackedB is op(B) packed once for several products with the same right-hand side (see
// GemmPacked): in blocks of nc columns × kc steps, each block in panels of the micro-kernel's
// width. It refers to the buffer given to PackB.
type PackedB struct {
	k, n int
	kern kernel
	data []float32
}

// PackedSize is the number of floats PackB needs for a k×n op(B).
func PackedSize(k, n int) int { return roundUp(n, active.nr) * k }

// PackB packs the k×n matrix op(B) (B stored k×n, or n×k if transB, row stride ldb) into dst,
// which must hold PackedSize(k, n) floats.
func PackB(dst []float32, transB bool, k, n int, b []float32, ldb int) PackedB {
	if k < 0 || n < 0 {
		panic(fmtlite.Sprintf("gemm: PackB: negative dimension k=%d n=%d", k, n))
	}
	rows, cols := k, n
	if transB {
		rows, cols = n, k
	}
	checkMatrix("b", rows, cols, len(b), ldb)
	if len(dst) < PackedSize(k, n) {
		panic(fmtlite.Sprintf("gemm: PackB: len(dst)=%d, need %d", len(dst), PackedSize(k, n)))
	}
	pb := PackedB{k: k, n: n, kern: active, data: dst[:PackedSize(k, n)]}
	for jc := 0; jc < n; jc += nc {
		nb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			packB(transB, b, ldb, pc, jc, kb, nb, pb.kern.nr, pb.block(jc, pc))
		}
	}
	return pb
}

// block returns the packed block of columns [jc, jc+nc) and steps [pc, pc+kc).
func (pb PackedB) block(jc, pc int) []float32 {
	nb := min(nc, pb.n-jc)
	w := roundUp(nb, pb.kern.nr)
	off := jc*pb.k + w*pc
	return pb.data[off : off+w*min(kc, pb.k-pc)]
}

// GemmPacked is Gemm with op(B) already packed: C = alpha·op(A)·B + beta·C for op(A) of
// m×pb's k and C of m×pb's n.
func GemmPacked(transA bool, m int, alpha float32, a []float32, lda int, pb PackedB,
	beta float32, c []float32, ldc int) {
	n, k := pb.n, pb.k
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	if m < 0 {
		panic(fmtlite.Sprintf("gemm: GemmPacked: negative dimension m=%d", m))
	}
	checkMatrix("a", rowsA, colsA, len(a), lda)
	checkMatrix("c", m, n, len(c), ldc)
	if m == 0 || n == 0 {
		return
	}
	if alpha == 0 || k == 0 {
		scaleC(m, n, beta, c, ldc)
		return
	}
	kern := pb.kern
	if cur := current(); cur.nr == kern.nr { // the packing depends on nr only
		kern = cur
	}
	bufs := bufPool.Get().(*buffers)
	defer bufPool.Put(bufs)
	bufs.grow(kern)
	for jc := 0; jc < n; jc += nc {
		nb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			bet := beta
			if pc > 0 {
				bet = 1
			}
			blk := block{transA: transA, a: a, lda: lda, m: m, pc: pc, kb: kb, nb: nb}
			blk.run(kern, alpha, pb.block(jc, pc), bufs, bet, c[jc:], ldc)
		}
	}
}

func (bf *buffers) grow(kern kernel) {
	if na := kern.mr * kc; len(bf.a) < na {
		bf.a = make([]float32, na)
	}
	if nb := roundUp(nc, kern.nr) * kc; len(bf.b) < nb {
		bf.b = make([]float32, nb)
	}
	if nt := kern.mr * kern.nr; len(bf.tile) < nt {
		bf.tile = make([]float32, nt)
	}
}

// block is the product of all m rows of op(A), steps [pc, pc+kb), with a packed kb×nb block of B.
type block struct {
	transA     bool
	a          []float32
	lda, m     int
	pc, kb, nb int
}

// run multiplies the block into C. Full panels of mr rows of A are read in place (rows of a
// non-transposed A are strided by lda; a transposed A's steps are); the last, partial panel is
// packed with zero padding. Each A panel stays in L1 while it meets every B micro-panel.
func (blk block) run(kern kernel, alpha float32, bpack []float32, bufs *buffers, beta float32, c []float32, ldc int) {
	if kern.tiles != nil {
		blk.runGrid(kern, alpha, bpack, bufs, beta, c, ldc)
		return
	}
	mr, nr, kb := kern.mr, kern.nr, blk.kb
	full := blk.m / mr * mr
	if full < blk.m {
		packA(blk.transA, blk.a, blk.lda, full, blk.pc, blk.m-full, kb, mr, bufs.a)
	}
	for ir := 0; ir < blk.m; ir += mr {
		h := min(mr, blk.m-ir)
		ap, rs, ss := &bufs.a[0], 1, mr
		switch {
		case ir >= full:
		case blk.transA:
			ap, rs, ss = &blk.a[blk.pc*blk.lda+ir], 1, blk.lda
		default:
			ap, rs, ss = &blk.a[ir*blk.lda+blk.pc], blk.lda, 1
		}
		for jr := 0; jr < blk.nb; jr += nr {
			bp := &bpack[jr*kb]
			w := min(nr, blk.nb-jr)
			if h == mr && w == nr {
				kern.fn(kb, ap, rs, ss, bp, &c[ir*ldc+jr], ldc, alpha, beta)
				continue
			}
			tile := bufs.tile[:mr*nr]
			kern.fn(kb, ap, rs, ss, bp, &tile[0], nr, alpha, 0)
			mergeTile(c[ir*ldc+jr:], ldc, tile, nr, h, w, beta)
		}
	}
}

// packA copies rows [ic, ic+mb) and columns [pc, pc+kb) of op(A) into panels of mr rows:
// panel q holds, for each step p, the mr values op(A)[ic+q·mr+r, pc+p]; short panels are
// zero-padded.
func packA(trans bool, a []float32, lda, ic, pc, mb, kb, mr int, dst []float32) {
	for q := 0; q < mb; q += mr {
		h := min(mr, mb-q)
		panel := dst[q*kb : q*kb+mr*kb]
		if trans { // op(A)[i, p] = a[p*lda+i]: each step reads h contiguous values
			for p := range kb {
				src := a[(pc+p)*lda+ic+q : (pc+p)*lda+ic+q+h]
				row := panel[p*mr : p*mr+mr]
				copy(row, src)
				clear(row[h:])
			}
			continue
		}
		for r := range h {
			src := a[(ic+q+r)*lda+pc : (ic+q+r)*lda+pc+kb]
			for p, v := range src {
				panel[p*mr+r] = v
			}
		}
		for r := h; r < mr; r++ {
			for p := range kb {
				panel[p*mr+r] = 0
			}
		}
	}
}

// packB copies rows [pc, pc+kb) and columns [jc, jc+nb) of op(B) into panels of nr columns:
// panel q holds, for each step p, the nr values op(B)[pc+p, jc+q·nr+j]; short panels are
// zero-padded.
func packB(trans bool, b []float32, ldb, pc, jc, kb, nb, nr int, dst []float32) {
	for q := 0; q < nb; q += nr {
		w := min(nr, nb-q)
		panel := dst[q*kb : q*kb+nr*kb]
		if !trans { // op(B)[p, j] = b[p*ldb+j]: each step reads w contiguous values
			for p := range kb {
				src := b[(pc+p)*ldb+jc+q : (pc+p)*ldb+jc+q+w]
				row := panel[p*nr : p*nr+nr]
				copy(row, src)
				clear(row[w:])
			}
			continue
		}
		for j := range w {
			src := b[(jc+q+j)*ldb+pc : (jc+q+j)*ldb+pc+kb]
			for p, v := range src {
				panel[p*nr+j] = v
			}
		}
		for j := w; j < nr; j++ {
			for p := range kb {
				panel[p*nr+j] = 0
			}
		}
	}
}

func scaleC(m, n int, beta float32, c []float32, ldc int) {
	for i := range m {
		row := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(row)
		case 1:
		default:
			for j := range row {
				row[j] *= beta
			}
		}
	}
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// check panics unless every matrix fits its slice with the given stride.
func check(transA, transB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmtlite.Sprintf("gemm: negative dimension m=%d n=%d k=%d", m, n, k))
	}
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	checkMatrix("a", rowsA, colsA, lenA, lda)
	checkMatrix("b", rowsB, colsB, lenB, ldb)
	checkMatrix("c", m, n, lenC, ldc)
}

func checkMatrix(name string, rows, cols, length, ld int) {
	if ld < max(cols, 1) {
		panic(fmtlite.Sprintf("gemm: ld%s=%d is less than its %d columns", name, ld, cols))
	}
	if rows > 0 && cols > 0 && length < (rows-1)*ld+cols {
		panic(fmtlite.Sprintf("gemm: len(%s)=%d is too short for %d×%d with stride %d",
			name, length, rows, cols, ld))
	}
}
