package lightgcn

import (
	"fmt"
	"math"
	"slices"
)

// Adjacency is the symmetric-normalised adjacency Â = D^-1/2 A D^-1/2 of the user–item bipartite graph, in
// CSR. Nodes 0…Users-1 are the users, Users…Users+Items-1 the items; A has a 1 for every distinct (user,
// item) training pair, in both directions, so Â is symmetric: Â[r][c] = Â[c][r] = 1/√(deg r · deg c).
// Nodes without an interaction have empty rows. Â is never formed densely: memory is O(edges).
type Adjacency struct {
	Users, Items int
	RowPtr       []int     // len Nodes()+1; row r's entries are Col/Val[RowPtr[r]:RowPtr[r+1]]
	Col          []int32   // column of each entry, ascending within a row
	Val          []float32 // 1/√(deg r · deg c)
}

// NewAdjacency builds Â from each user's training items (duplicates count once).
func NewAdjacency(numUsers, numItems int, train [][]int32) (*Adjacency, error) {
	if numUsers < 1 || numItems < 1 || len(train) != numUsers {
		return nil, fmt.Errorf("%w: %d rows for %d users, %d items", ErrBadInput, len(train), numUsers, numItems)
	}
	n := numUsers + numItems
	items := make([][]int32, numUsers)
	deg := make([]int, n)
	for u, row := range train {
		s := slices.Clone(row)
		slices.Sort(s)
		s = slices.Compact(s)
		for _, i := range s {
			if i < 0 || int(i) >= numItems {
				return nil, fmt.Errorf("%w: user %d has item %d outside 0..%d", ErrBadInput, u, i, numItems-1)
			}
			deg[numUsers+int(i)]++
		}
		deg[u] = len(s)
		items[u] = s
	}
	a := &Adjacency{Users: numUsers, Items: numItems, RowPtr: make([]int, n+1)}
	for r := range n {
		a.RowPtr[r+1] = a.RowPtr[r] + deg[r]
	}
	nnz := a.RowPtr[n]
	if nnz == 0 {
		return nil, ErrNoInteractions
	}
	a.Col, a.Val = make([]int32, nnz), make([]float32, nnz)
	fill := slices.Clone(a.RowPtr[:n])
	inv := make([]float64, n)
	for r, d := range deg {
		if d > 0 {
			inv[r] = 1 / math.Sqrt(float64(d))
		}
	}
	for u, s := range items { // users in ascending order, so every item row comes out sorted too
		for _, i := range s {
			c := numUsers + int(i)
			w := float32(inv[u] * inv[c])
			a.Col[fill[u]], a.Val[fill[u]] = int32(c), w
			a.Col[fill[c]], a.Val[fill[c]] = int32(u), w
			fill[u]++
			fill[c]++
		}
	}
	return a, nil
}

// Nodes is the number of rows (and columns): users plus items.
func (a *Adjacency) Nodes() int { return a.Users + a.Items }

// NNZ is the number of stored entries: twice the number of distinct training pairs.
func (a *Adjacency) NNZ() int { return len(a.Col) }

// Degree is node r's number of neighbours.
func (a *Adjacency) Degree(r int) int { return a.RowPtr[r+1] - a.RowPtr[r] }
