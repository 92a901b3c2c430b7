package ann

import (
	"encoding/binary"

	"github.com/corerec/corerec/internal/fmtlite"
)

// LoadGraph rebuilds an HNSW over vecs from the bytes of MarshalGraph. It validates everything it
// reads — lengths, every id against N, every degree against its capacity, every level against the
// entry point's, every upper-level link against its target's level — so no input can make a
// search read out of bounds; and every search stops on any graph (see searchLayer). It allocates
// only in proportion to vecs.N and never keeps a reference to data. For L2 over F16 or Int8 rows
// it also computes the rows' norms, one pass over the rows.
func LoadGraph(vecs Vectors, metric Metric, data []byte) (*HNSW, error) {
	sp, err := newSpace(vecs, metric)
	if err != nil {
		return nil, err
	}
	g, err := parseGraph(data, vecs.N)
	if err != nil {
		return nil, err
	}
	h := newHNSW(sp, g.m, g.levels, false)
	if err := g.fill(h); err != nil {
		return nil, err
	}
	return h, nil
}

// graphFile is a parsed, partly validated serialised graph.
type graphFile struct {
	m, maxLevel, n     int
	k                  uint // Rice parameter
	entry              int32
	levels             []uint8
	deg0, upperDeg     []byte
	upperIDs           []byte // U little-endian uint32
	links0, upperLinks []byte
	l0, lu, b0, bu     int
}

// graphErr is a graph format error. Not inlined: twenty load-time call sites would each carry a copy.
//
//go:noinline
func graphErr(format string, args ...any) error {
	return fmtlite.Errorf("%w: "+format, append([]any{ErrGraphFormat}, args...)...)
}

// cut returns the next size bytes of *rest, or an error when fewer remain.
func cut(rest *[]byte, size int, what string) ([]byte, error) {
	if size < 0 || size > len(*rest) {
		return nil, graphErr("%s: need %d bytes, %d left", what, size, len(*rest))
	}
	b := (*rest)[:size:size]
	*rest = (*rest)[size:]
	return b, nil
}

func parseGraph(data []byte, n int) (*graphFile, error) {
	if len(data) < graphHeader || string(data[:4]) != graphMagic {
		return nil, graphErr("not a graph (%d bytes)", len(data))
	}
	if data[4] != graphVersion {
		return nil, graphErr("version %d, want %d", data[4], graphVersion)
	}
	le := binary.LittleEndian
	g := &graphFile{m: int(data[5]), maxLevel: int(data[6]), k: uint(data[7]),
		entry: int32(le.Uint32(data[12:])), l0: int(le.Uint32(data[20:])), lu: int(le.Uint32(data[24:])),
		b0: int(le.Uint32(data[28:])), bu: int(le.Uint32(data[32:]))}
	if gn := le.Uint32(data[8:]); uint64(gn) != uint64(n) {
		return nil, fmtlite.Errorf("%w: graph has %d nodes, vectors %d", ErrGraphMismatch, gn, n)
	}
	g.n = n
	u := int(le.Uint32(data[16:]))
	switch {
	case g.m < 2 || g.m > maxM:
		return nil, graphErr("M = %d", g.m)
	case g.k > 31:
		return nil, graphErr("Rice parameter %d", g.k)
	case g.maxLevel > maxLevels:
		return nil, graphErr("max level %d", g.maxLevel)
	case n == 0 && (g.entry != -1 || g.maxLevel != 0 || u != 0):
		return nil, graphErr("empty graph with entry %d, level %d", g.entry, g.maxLevel)
	case n > 0 && (g.entry < 0 || int(g.entry) >= n):
		return nil, graphErr("entry point %d of %d nodes", g.entry, n)
	case u > n || g.l0 > n*2*g.m || g.lu > u*maxLevels*g.m:
		return nil, graphErr("counts U=%d L0=%d LU=%d for %d nodes", u, g.l0, g.lu, n)
	}
	if le.Uint32(data[36:]) != 0 {
		return nil, graphErr("reserved header bytes are not zero")
	}
	return g, g.parseSections(data[graphHeader:], u)
}

func (g *graphFile) parseSections(rest []byte, u int) error {
	var err error
	if g.deg0, err = cut(&rest, g.n, "level-0 degrees"); err != nil {
		return err
	}
	if g.upperIDs, err = cut(&rest, 4*u, "upper node ids"); err != nil {
		return err
	}
	upperLevels, err := cut(&rest, u, "upper levels")
	if err != nil {
		return err
	}
	if err := g.setLevels(upperLevels); err != nil {
		return err
	}
	sum := 0
	for _, l := range upperLevels {
		sum += int(l)
	}
	if g.upperDeg, err = cut(&rest, sum, "upper degrees"); err != nil {
		return err
	}
	if g.links0, err = cut(&rest, g.b0, "level-0 links"); err != nil {
		return err
	}
	if g.upperLinks, err = cut(&rest, g.bu, "upper links"); err != nil {
		return err
	}
	if len(rest) != 0 {
		return graphErr("%d trailing bytes", len(rest))
	}
	return nil
}

// setLevels checks the upper nodes (increasing ids, levels 1…maxLevel, the entry point at
// maxLevel) and fills g.levels.
func (g *graphFile) setLevels(upperLevels []byte) error {
	g.levels = make([]uint8, g.n)
	prev := int64(-1)
	for i, l := range upperLevels {
		id := int64(binary.LittleEndian.Uint32(g.upperIDs[4*i:]))
		if id <= prev || id >= int64(g.n) {
			return graphErr("upper node id %d after %d (of %d nodes)", id, prev, g.n)
		}
		if l == 0 || int(l) > g.maxLevel {
			return graphErr("node %d at level %d, max level %d", id, l, g.maxLevel)
		}
		prev = id
		g.levels[id] = l
	}
	if g.n > 0 && int(g.levels[g.entry]) != g.maxLevel {
		return graphErr("entry point %d at level %d, max level %d", g.entry, g.levels[g.entry], g.maxLevel)
	}
	return nil
}
