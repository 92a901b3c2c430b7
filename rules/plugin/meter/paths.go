package meter

// Longest-path accounting for regionCosts.
//
// A region starts at a metering point — the function's entry, a loop header, or a join point the walk
// decides to charge — and its charge is the longest path, in instructions, that control can take from
// there before it reaches another metering point, leaves the function or traps. The walk reads the body
// once. It keeps the region being read and the longest path to the current instruction within it (cur;
// unreachable code is not counted); each open loop remembers where its enclosing region paused.
//
// Paths meet where blocks end (branches to the block, and the fall-through), where ifs end (both arms),
// after loops (the enclosing region resumes). When every path meeting at a point comes from one region,
// the region simply continues with the longest of them. When they come from different regions, or the
// point is a br_table target (the dispatch loops of Go's WebAssembly: each jump of a Go function is a trip
// through one br_table, and charging every trip the longest case would overcharge Go code several times
// over), the point becomes a metering point of its own: the paths end there and a new region starts.

type frameKind uint8

const (
	fnFrame frameKind = iota
	blockFrame
	ifFrame
	loopFrame
)

// path is a region and a path length in it.
type path struct {
	region int
	dist   int64
}

const unreached = -1

var noPath = path{region: unreached}

type frame struct {
	kind      frameKind
	loopDepth int  // open loops when the frame opened
	label     path // longest branch to the frame's end (block, if)
	mixed     bool // branches to the end come from more than one region
	tableHit  bool // a br_table targets the end
	ifEntry   path // where the arm not taken starts (if)
	thenEnd   path // where the then arm ended (if, after else)
	hasElse   bool
}

// loopEntry is an open loop: the region that paused when it was entered.
type loopEntry struct {
	outer path
}

type walk struct {
	frames []frame
	loops  []loopEntry
	costs  []int64 // running maximum path length per region
	points []int   // per region but the first: the byte offset where its charge goes
	active path    // the current region and path length; region = unreached when unreachable
}

func newWalk() *walk {
	return &walk{costs: []int64{0}, frames: []frame{{kind: fnFrame, label: noPath}}}
}

func (w *walk) reachable() bool { return w.active.region != unreached }

// add counts n instructions on the current path.
func (w *walk) add(n int64) {
	if w.reachable() {
		w.active.dist += n
		w.costs[w.active.region] = max(w.costs[w.active.region], w.active.dist)
	}
}

// start begins a new region at byte offset pos (a charge goes there).
func (w *walk) start(pos int) {
	w.active = path{region: len(w.costs)}
	w.costs = append(w.costs, 0)
	w.points = append(w.points, pos)
}

func (w *walk) push(f frame) {
	f.loopDepth, f.label = len(w.loops), noPath
	w.frames = append(w.frames, f)
}

func (w *walk) enterLoop(pos int) {
	w.push(frame{kind: loopFrame})
	w.loops = append(w.loops, loopEntry{outer: w.active})
	w.start(pos) // a loop header is always a branch target of its own body: reachable
}

// source is the path a branch to f carries: the current one, or, from inside loops nested in f, the
// enclosing region where the outermost of them was entered.
func (w *walk) source(f *frame) path {
	if f.loopDepth == len(w.loops) {
		return w.active
	}
	return w.loops[f.loopDepth].outer
}

func (w *walk) branch(labels []uint32, table bool) {
	for _, l := range labels {
		if int(l) >= len(w.frames) {
			continue // invalid label: the engine's validation refuses the module
		}
		f := &w.frames[len(w.frames)-1-int(l)]
		if f.kind == loopFrame {
			continue // a back edge: the path ends, its length is in the region's maximum
		}
		f.tableHit = f.tableHit || table
		f.label = f.merge(f.label, w.source(f))
	}
}

// merge joins two paths into the longest, noting when they come from different regions.
func (f *frame) merge(a, b path) path {
	switch {
	case b.region == unreached:
		return a
	case a.region == unreached:
		return b
	case a.region != b.region:
		f.mixed = true
	}
	if b.dist > a.dist {
		return b
	}
	return a
}

func (w *walk) elseArm() {
	f := &w.frames[len(w.frames)-1]
	if f.kind != ifFrame {
		return
	}
	f.hasElse, f.thenEnd = true, w.active
	w.active = f.ifEntry
}

// end closes the innermost frame at byte offset pos (just after the end): control continues with the
// longest path to it, or a new region when paths of different regions meet.
func (w *walk) end(pos int) {
	f := w.frames[len(w.frames)-1]
	w.frames = w.frames[:len(w.frames)-1]
	if f.kind == loopFrame {
		outer := w.loops[len(w.loops)-1].outer
		w.loops = w.loops[:len(w.loops)-1]
		if w.reachable() { // falling out of the loop: the enclosing region resumes where it paused
			w.active = outer
		}
		return
	}
	join := f.merge(w.active, f.label)
	if f.kind == ifFrame {
		if f.hasElse {
			join = f.merge(join, f.thenEnd)
		} else {
			join = f.merge(join, f.ifEntry)
		}
	}
	w.active = join
	if join.region != unreached && (f.mixed || f.tableHit) {
		w.start(pos)
	}
}
