package lightgcn

import "slices"

// relabel is the trainer's internal numbering of the nodes: users keep the range 0…Users-1 and items the
// range after it, but each range is reordered so that nodes close in the graph get close rows. A product
// Â·X gathers, for each row, its neighbours' rows from an ~18 MB table (Gowalla, dim 64); when the rows
// processed one after the other share neighbours, those rows are still in cache. The order is
// Cuthill–McKee's: breadth-first search, started from the lowest-degree unvisited node, visiting
// neighbours in increasing degree. On Gowalla it makes a training step ~10 % cheaper (BENCHMARKS.md).
//
// Only the step's tables live in the internal order. Everything the trainer shows outside — the model,
// checkpoints, the sampled pairs and negatives — is in the caller's numbering, so a checkpoint resumes
// with or without the relabelling, and sampling does not depend on it.
type relabel struct {
	users  int
	toInt  []int32 // node in the caller's numbering → internal node
	toOrig []int32 // internal node → node in the caller's numbering
}

// relabelNodes is false only in tests that compare against the trainer without the relabelling.
var relabelNodes = true

// identityRelabel keeps a's numbering.
func identityRelabel(a *Adjacency) *relabel {
	r := &relabel{users: a.Users, toInt: make([]int32, a.Nodes()), toOrig: make([]int32, a.Nodes())}
	for i := range r.toInt {
		r.toInt[i], r.toOrig[i] = int32(i), int32(i)
	}
	return r
}

// newRelabel orders a's nodes (a in the caller's numbering).
func newRelabel(a *Adjacency) *relabel {
	n := a.Nodes()
	byDegree := func(x, y int32) int { return a.Degree(int(x)) - a.Degree(int(y)) }
	starts := make([]int32, n)
	for i := range starts {
		starts[i] = int32(i)
	}
	slices.SortStableFunc(starts, byDegree)
	visited := make([]bool, n)
	order := make([]int32, 0, n)
	var nb []int32
	for _, s := range starts {
		if visited[s] {
			continue
		}
		visited[s] = true
		head := len(order)
		order = append(order, s)
		for ; head < len(order); head++ {
			v := order[head]
			nb = append(nb[:0], a.Col[a.RowPtr[v]:a.RowPtr[v+1]]...)
			slices.SortStableFunc(nb, byDegree)
			for _, c := range nb {
				if !visited[c] {
					visited[c] = true
					order = append(order, c)
				}
			}
		}
	}
	r := &relabel{users: a.Users, toInt: make([]int32, n), toOrig: make([]int32, n)}
	nextUser, nextItem := int32(0), int32(a.Users)
	for _, v := range order {
		id := &nextItem
		if int(v) < a.Users {
			id = &nextUser
		}
		r.toInt[v], r.toOrig[*id] = *id, v
		*id++
	}
	return r
}

// train returns the users' training items in the internal numbering: internal user u's items, as
// internal item indices (0-based among the items).
func (r *relabel) train(orig [][]int32) [][]int32 {
	out := make([][]int32, len(orig))
	for u, items := range orig {
		row := make([]int32, len(items))
		for k, i := range items {
			row[k] = r.item(i)
		}
		out[r.toInt[u]] = row
	}
	return out
}

// user and item map the caller's user and item indices to internal ones.
func (r *relabel) user(u int32) int32 { return r.toInt[u] }
func (r *relabel) item(i int32) int32 { return r.toInt[int32(r.users)+i] - int32(r.users) }

// toInternal returns the rows of a Nodes()×dim table in the caller's numbering in internal order (a new
// slice); toOriginal does the reverse.
func (r *relabel) toInternal(orig []float32, dim int) []float32 {
	return r.permute(orig, dim, r.toInt)
}

func (r *relabel) toOriginal(internal []float32, dim int) []float32 {
	return r.permute(internal, dim, r.toOrig)
}

// permute moves row k of src to row to[k] of a new table.
func (r *relabel) permute(src []float32, dim int, to []int32) []float32 {
	dst := make([]float32, len(src))
	for k, t := range to {
		copy(dst[int(t)*dim:int(t+1)*dim], src[k*dim:(k+1)*dim])
	}
	return dst
}
