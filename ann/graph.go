package ann

import (
	"encoding/binary"
	"slices"
)

// The serialised graph (MarshalGraph, LoadGraph), version 1, little-endian:
//
//	offset  size  field
//	0       4     magic "CRAG"
//	4       1     version (1)
//	5       1     M (level 0 holds up to 2·M links a node, upper levels M)
//	6       1     maxLevel, the level of the entry point
//	7       1     k, the Rice parameter of the links (0…31)
//	8       4     N, the number of nodes (uint32)
//	12      4     entry point (int32; -1 exactly when N is 0)
//	16      4     U, the number of nodes above level 0
//	20      4     L0, the number of level-0 links
//	24      4     LU, the number of upper-level links
//	28      4     B0, the bytes of the level-0 link section
//	32      4     BU, the bytes of the upper link section
//	36      4     reserved, 0
//	40            deg0: N bytes, the level-0 degree of every node
//	              upper ids: U uint32, strictly increasing
//	              upper levels: U bytes, each 1…maxLevel
//	              upper degrees: one byte per (upper node, level 1…its level), in id then level order
//	              level-0 links: B0 bytes, the lists in node order
//	              upper links: BU bytes, the lists in the order of the upper degrees
//
// A list is sorted by id and coded as gaps (the first id, then each id minus the previous one
// minus 1) in Rice code with parameter k (rice.go); each link section ends with zero padding to
// a whole byte.
const (
	graphMagic   = "CRAG"
	graphVersion = 1
	graphHeader  = 40
)

// MarshalGraph serialises the graph (not the vectors) in the compact format above: about 11 bits
// a link at 5,000 rows and 15 at 100,000, plus a degree byte a node.
func (h *HNSW) MarshalGraph() []byte {
	n := h.sp.v.N
	var upperIDs []int32
	var lists [][]int32 // level 0 of every node, then the upper lists
	for i := range n {
		lists = append(lists, h.sortedLinks(int32(i), 0))
		if h.levels[i] > 0 {
			upperIDs = append(upperIDs, int32(i))
		}
	}
	l0 := len(lists)
	for _, id := range upperIDs {
		for l := 1; l <= int(h.levels[id]); l++ {
			lists = append(lists, h.sortedLinks(id, l))
		}
	}
	var gaps []uint32
	for _, list := range lists {
		gaps = appendGaps(gaps, list)
	}
	k := bestRiceK(gaps)
	sec0, secU := encodeLists(lists[:l0], k), encodeLists(lists[l0:], k)

	buf := make([]byte, graphHeader, graphHeader+n+5*len(upperIDs)+len(lists)+len(sec0)+len(secU))
	copy(buf, graphMagic)
	buf[4], buf[5], buf[6], buf[7] = graphVersion, byte(h.m), byte(h.maxLevel), byte(k)
	le := binary.LittleEndian
	links := func(ls [][]int32) (c int) {
		for _, l := range ls {
			c += len(l)
		}
		return c
	}
	for i, v := range []int{n, int(h.entry), len(upperIDs), links(lists[:l0]), links(lists[l0:]), len(sec0), len(secU), 0} {
		le.PutUint32(buf[8+4*i:], uint32(v))
	}
	for _, list := range lists[:l0] {
		buf = append(buf, byte(len(list)))
	}
	for _, id := range upperIDs {
		buf = le.AppendUint32(buf, uint32(id))
	}
	for _, id := range upperIDs {
		buf = append(buf, h.levels[id])
	}
	for _, list := range lists[l0:] {
		buf = append(buf, byte(len(list)))
	}
	return append(append(buf, sec0...), secU...)
}

// sortedLinks returns a sorted copy of the links of id on level.
func (h *HNSW) sortedLinks(id int32, level int) []int32 {
	slots := h.neighbors(id, level)
	// Sorted as uint64 values: the browser build links that sort already (rules), not an int32 one.
	keys := make([]uint64, degree(slots))
	for i, v := range slots[:len(keys)] {
		keys[i] = uint64(uint32(v))
	}
	slices.Sort(keys)
	list := make([]int32, len(keys))
	for i, k := range keys {
		list[i] = int32(uint32(k))
	}
	return list
}

// appendGaps appends the Rice gaps of a sorted list of distinct ids.
func appendGaps(gaps []uint32, list []int32) []uint32 {
	prev := int32(-1)
	for _, v := range list {
		gaps = append(gaps, uint32(v-prev-1))
		prev = v
	}
	return gaps
}

// encodeLists codes the gaps of every list with parameter k, padded to a whole byte.
func encodeLists(lists [][]int32, k uint) []byte {
	var w bitWriter
	var gaps []uint32
	for _, list := range lists {
		gaps = appendGaps(gaps[:0], list)
		for _, x := range gaps {
			w.writeRice(x, k)
		}
	}
	return w.flush()
}
