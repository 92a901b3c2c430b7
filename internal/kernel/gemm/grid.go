package gemm

// mergeTile writes the h×w corner of tile (row stride ldt, alpha already applied) into C: C = tile + beta·C,
// or C = tile when beta == 0.
func mergeTile(c []float32, ldc int, tile []float32, ldt, h, w int, beta float32) {
	for r := range h {
		dst := c[r*ldc : r*ldc+w]
		src := tile[r*ldt : r*ldt+w]
		if beta == 0 {
			copy(dst, src)
			continue
		}
		for j, v := range src {
			dst[j] = v + beta*dst[j]
		}
	}
}

// runGrid is run for a kernel that computes a grid of tiles per call, in at most three calls: the
// full tiles of the rows read in place straight into C; their last, partial column of tiles into a
// scratch block; the last, partial row panel (packed) into scratch too. The scratch tiles are merged
// into C as run merges its edge tiles, so results are those of run with the same per-tile kernel.
func (blk block) runGrid(kern kernel, alpha float32, bpack []float32, bufs *buffers, beta float32, c []float32, ldc int) {
	mr, nr, kb := kern.mr, kern.nr, blk.kb
	panels, tiles := blk.m/mr, blk.nb/nr
	full, w := panels*mr, blk.nb-tiles*nr
	ap, rs, ss := (*float32)(nil), blk.lda, 1 // rows of A in place: panel q starts q·mr·rs on
	if panels > 0 {
		if blk.transA {
			ap, rs, ss = &blk.a[blk.pc*blk.lda], 1, blk.lda
		} else {
			ap = &blk.a[blk.pc]
		}
	}
	if panels > 0 && tiles > 0 {
		kern.tiles(kb, ap, rs, ss, &bpack[0], &c[0], ldc, alpha, beta, tiles, panels)
	}
	if panels > 0 && w > 0 {
		s := bufs.scratch(full * nr)
		kern.tiles(kb, ap, rs, ss, &bpack[tiles*nr*kb], &s[0], nr, alpha, 0, 1, panels)
		mergeTile(c[tiles*nr:], ldc, s, nr, full, w, beta)
	}
	if h := blk.m - full; h > 0 {
		packA(blk.transA, blk.a, blk.lda, full, blk.pc, h, kb, mr, bufs.a)
		ld := roundUp(blk.nb, nr)
		s := bufs.scratch(mr * ld)
		kern.tiles(kb, &bufs.a[0], 1, mr, &bpack[0], &s[0], ld, alpha, 0, ld/nr, 1)
		mergeTile(c[full*ldc:], ldc, s, ld, h, blk.nb, beta)
	}
}
