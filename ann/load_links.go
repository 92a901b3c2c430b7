package ann

import "encoding/binary"

// fill decodes the links of g into h (allocated for g's levels and M), checking every degree and
// every id.
func (g *graphFile) fill(h *HNSW) error {
	h.entry, h.maxLevel = g.entry, g.maxLevel
	if g.n == 0 {
		h.entry = -1
	}
	sum := 0
	for i, d := range g.deg0 {
		if int(d) > h.m0 {
			return graphErr("node %d has %d level-0 links, capacity %d", i, d, h.m0)
		}
		sum += int(d)
	}
	if sum != g.l0 {
		return graphErr("level-0 degrees sum to %d, header says %d", sum, g.l0)
	}
	r := newBitReader(g.links0, g.width)
	for i, d := range g.deg0 {
		slots := h.neighbors(int32(i), 0)
		for j := range int(d) {
			v := r.read()
			if int64(v) >= int64(g.n) {
				return graphErr("node %d links to %d of %d nodes", i, v, g.n)
			}
			slots[j] = int32(v)
		}
	}
	if !r.clean() {
		return graphErr("level-0 links: padding bits are not zero")
	}
	return g.fillUpper(h)
}

// fillUpper decodes the upper-level links, checking that each one reaches a node present on its
// level.
func (g *graphFile) fillUpper(h *HNSW) error {
	sum := 0
	for _, d := range g.upperDeg {
		if int(d) > h.m {
			return graphErr("an upper-level list has %d links, capacity %d", d, h.m)
		}
		sum += int(d)
	}
	if sum != g.lu {
		return graphErr("upper degrees sum to %d, header says %d", sum, g.lu)
	}
	r := newBitReader(g.upperLinks, g.width)
	k := 0
	for i := 0; i < len(g.upperIDs); i += 4 {
		id := int32(binary.LittleEndian.Uint32(g.upperIDs[i:]))
		for l := 1; l <= int(g.levels[id]); l++ {
			slots := h.neighbors(id, l)
			for j := range int(g.upperDeg[k]) {
				v := r.read()
				if int64(v) >= int64(g.n) || int(g.levels[v]) < l {
					return graphErr("node %d links on level %d to node %d", id, l, v)
				}
				slots[j] = int32(v)
			}
			k++
		}
	}
	if !r.clean() {
		return graphErr("upper links: padding bits are not zero")
	}
	return nil
}
