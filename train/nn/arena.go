package nn

// arena hands out float32 slices from one slab that is reused every step. A step that needs
// more than the slab holds gets fresh slices for the overflow, and the next reset grows the
// slab to the step's high-water mark, so from the second step on a step of the same shape
// allocates nothing.
type arena struct {
	buf      []float32
	off      int // next free index in buf
	overflow int // floats handed out beyond buf this step
}

// arenaAlign keeps every slice 64-byte aligned relative to the slab (16 floats).
const arenaAlign = 16

// alloc returns n floats with undefined contents.
func (a *arena) alloc(n int) []float32 {
	size := (n + arenaAlign - 1) &^ (arenaAlign - 1)
	if a.off+size > len(a.buf) {
		a.overflow += size
		return make([]float32, n, size)
	}
	s := a.buf[a.off : a.off+n : a.off+size]
	a.off += size
	return s
}

// zeros returns n zeroed floats.
func (a *arena) zeros(n int) []float32 {
	s := a.alloc(n)
	clear(s)
	return s
}

// reset recycles every slice handed out since the last reset.
func (a *arena) reset() {
	if a.overflow > 0 {
		a.buf = make([]float32, a.off+a.overflow)
	}
	a.off, a.overflow = 0, 0
}
