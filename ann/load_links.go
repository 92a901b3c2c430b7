package ann

import (
	"encoding/binary"
	"math/bits"

	"github.com/corerec/corerec/internal/fmtlite"
)

// fill decodes the links of g into h (allocated for g's levels and M), checking every degree and
// every id.
func (g *graphFile) fill(h *HNSW) error {
	h.entry, h.maxLevel = g.entry, g.maxLevel
	if g.n == 0 {
		h.entry = -1
	}
	if err := checkDegrees(g.deg0, h.m0, g.l0, "level-0"); err != nil {
		return err
	}
	r := bitReader{buf: g.links0}
	for i, d := range g.deg0 {
		if err := g.readList(&r, h.neighbors(int32(i), 0), int(d), 0); err != nil {
			return graphErr("level-0 links of node %d: %v", i, err)
		}
	}
	if !r.clean() {
		return graphErr("level-0 links: %d bytes are not all used, or padding is not zero", len(g.links0))
	}
	return g.fillUpper(h)
}

// checkDegrees checks every degree against capacity and their sum against the header's count.
func checkDegrees(degs []byte, capacity, want int, what string) error {
	sum := 0
	for i, d := range degs {
		if int(d) > capacity {
			return graphErr("%s list %d has %d links, capacity %d", what, i, d, capacity)
		}
		sum += int(d)
	}
	if sum != want {
		return graphErr("%s degrees sum to %d, header says %d", what, sum, want)
	}
	return nil
}

// readList decodes a sorted list of d ids into slots and pads the rest of slots with -1,
// checking that every id is below N and, on an upper level, present on that level.
func (g *graphFile) readList(r *bitReader, slots []int32, d, level int) error {
	dst := slots[:d]
	for i := d; i < len(slots); i++ {
		slots[i] = -1
	}
	prev := int64(-1)
	maxQ := uint64(g.n) >> g.k // a larger quotient cannot give an id below N
	k := g.k
	for j := range dst {
		if r.nacc < 32 {
			r.refill()
		}
		var x uint64
		if ones := uint(bits.TrailingZeros64(^r.acc)); ones+1+k <= r.nacc { // whole code in acc
			x = uint64(ones)<<k | r.acc>>(ones+1)&(1<<k-1)
			r.acc >>= ones + 1 + k
			r.nacc -= ones + 1 + k
		} else {
			var ok bool
			if x, ok = r.readRice(k, maxQ); !ok {
				return errTruncatedLinks
			}
		}
		v := prev + 1 + int64(x)
		if v >= int64(g.n) || (level > 0 && int(g.levels[v]) < level) {
			return fmtlite.Errorf("link to node %d, which is not on level %d of %d nodes", v, level, g.n)
		}
		dst[j], prev = int32(v), v
	}
	return nil
}

// fillUpper decodes the upper-level links.
func (g *graphFile) fillUpper(h *HNSW) error {
	if err := checkDegrees(g.upperDeg, h.m, g.lu, "upper-level"); err != nil {
		return err
	}
	r := bitReader{buf: g.upperLinks}
	k := 0
	for i := 0; i < len(g.upperIDs); i += 4 {
		id := int32(binary.LittleEndian.Uint32(g.upperIDs[i:]))
		for l := 1; l <= int(g.levels[id]); l++ {
			if err := g.readList(&r, h.neighbors(id, l), int(g.upperDeg[k]), l); err != nil {
				return graphErr("level-%d links of node %d: %v", l, id, err)
			}
			k++
		}
	}
	if !r.clean() {
		return graphErr("upper links: %d bytes are not all used, or padding is not zero", len(g.upperLinks))
	}
	return nil
}
