package meter

// Longest-path accounting for regionCosts. A region is the function body or a loop body; its charge is
// the longest path from its entry. The walk keeps, for the region being read, cur: the longest path to
// the current instruction (unreachable code is not counted), and for every enclosing region the path length
// at which it entered the nested loop. A branch to a block's label carries its path length to the block's
// end, where control joins; a branch to a loop's label ends a path of that loop's region (every path's
// length is already in the region's running maximum).

type frameKind uint8

const (
	fnFrame frameKind = iota
	blockFrame
	ifFrame
	loopFrame
)

type frame struct {
	kind     frameKind
	region   int   // the region this frame's end continues in
	labelMax int64 // longest path of the branches to this label (block, if)
	ifEntry  int64 // path length at the if: the arm not taken starts here
	thenEnd  int64 // path length at the end of the then arm (after else)
	hasElse  bool
	thenLive bool // the then arm can reach its end
}

type walk struct {
	frames    []frame
	costs     []int64 // running maximum path length per region
	suspended []int64 // per region: path length at which it entered the loop being read (active: unused)
	active    int     // the region being read
	cur       int64
	reachable bool
}

const unreached = -1 << 62

// step counts one instruction on the current path.
func (w *walk) step() {
	if !w.reachable {
		return
	}
	w.cur++
	w.costs[w.active] = max(w.costs[w.active], w.cur)
}

func (w *walk) push(f frame) {
	f.region, f.labelMax = w.active, unreached
	w.frames = append(w.frames, f)
}

// enterLoop suspends the active region and starts the loop's, whose path starts at 0 from its header
// (reachable: a loop header is always a branch target of its own body).
func (w *walk) enterLoop() {
	w.push(frame{kind: loopFrame})
	if !w.reachable {
		w.cur = unreached
	}
	w.suspended[w.active] = w.cur
	w.active = len(w.costs)
	w.costs = append(w.costs, 0)
	w.suspended = append(w.suspended, 0)
	w.cur, w.reachable = 0, true
}

// pathTo is the current path length as seen from a frame's region.
func (w *walk) pathTo(f *frame) int64 {
	if !w.reachable {
		return unreached
	}
	if f.region == w.active {
		return w.cur
	}
	return w.suspended[f.region]
}

// branch records a branch (or a br_table's targets) from the current point.
func (w *walk) branch(labels []uint32) {
	for _, l := range labels {
		if int(l) >= len(w.frames) {
			continue // invalid label: the engine's validation refuses the module
		}
		f := &w.frames[len(w.frames)-1-int(l)]
		if f.kind != loopFrame {
			f.labelMax = max(f.labelMax, w.pathTo(f))
		}
	}
}

func (w *walk) elseArm() {
	f := &w.frames[len(w.frames)-1]
	if f.kind != ifFrame {
		return
	}
	f.hasElse, f.thenLive, f.thenEnd = true, w.reachable, w.cur
	w.cur, w.reachable = f.ifEntry, f.ifEntry != unreached
}

// end closes the innermost frame; control continues with the longest way to get there.
func (w *walk) end() {
	f := w.frames[len(w.frames)-1]
	w.frames = w.frames[:len(w.frames)-1]
	join := int64(unreached)
	if w.reachable {
		join = w.cur
	}
	switch f.kind {
	case loopFrame: // falling out of the loop continues the enclosing region where it paused
		w.active = f.region
		join = w.suspended[f.region]
		if !w.reachable {
			join = unreached
		}
	case ifFrame:
		if f.hasElse && f.thenLive {
			join = max(join, f.thenEnd)
		} else if !f.hasElse {
			join = max(join, f.ifEntry)
		}
	}
	join = max(join, f.labelMax)
	w.cur, w.reachable = join, join > unreached/2
}
