// Package ann finds the rows of a vector set that score best against a query: an HNSW graph
// (approximate, sub-linear) and an exact scan behind one Index interface.
//
// # Basics
//
// Vectors is a view of N rows stored as float32, IEEE half floats or int8 codes with per-row or
// per-dimension scale and offset; the slices are used in place, never copied. Queries are always
// float32 (asymmetric distance). Scores are "higher is better" for every Metric: the dot product
// for InnerProduct and Cosine (rows normalised by the caller), the negative squared distance for
// L2.
//
//	h, err := ann.Build(ctx, ann.F32Vectors(rows, dim), ann.InnerProduct, ann.Config{})
//	res, err := h.Search(query, ann.SearchOptions{K: 10})
//
// Build inserts the rows in batches (see Build): the graph depends on the seed, never on the
// number of workers. A node's neighbours are pruned with hnswlib's heuristic; for InnerProduct
// the heuristic compares candidates by angle, not by inner product, so rows of large norm do not
// strip their neighbours of links (see prune.go). The links live in flat int32 arrays, level 0 at a fixed stride of 2·M ids a
// node; MarshalGraph writes them compactly (sorted lists as Rice-coded gaps: 29 bytes a row at
// 5,000 rows, 40 at 100,000) and LoadGraph validates every byte it reads back. WithVectors moves a graph onto another storage of the same
// rows, so a graph built from floats can search int8 codes, with SearchOptions.Fine rescoring the
// best candidates from a finer copy. New chooses an Exact index below Config.ExactBelow rows.
//
// A Filter (allow-list, deny bitset, predicate) restricts the rows returned. The graph search
// then keeps walking until it holds Ef allowed rows; when the filter allows few rows the search
// scans them exactly instead (FilterPlan, with a calibrated cost model).
//
// # Safety
//
// LoadGraph accepts untrusted bytes: every id is checked against N, every degree against its
// capacity, every upper-level link against its target's level, and allocations depend only on
// the vectors' size. Every search stops on any graph: a layer search expands each node at most
// once (the visited set) and the greedy descent moves only to strictly better scores. NaN scores
// (from NaN rows or queries) give meaningless rankings but never a hang or a panic.
//
// # Concurrency
//
// HNSW and Exact are immutable after Build, LoadGraph, NewExact or WithVectors and safe for
// concurrent searches from any number of goroutines; each search takes its scratch memory
// (visited set, heaps, buffers) from a sync.Pool, so a warm search allocates nothing beyond the
// result (none with AppendSearch). The caller must not modify the Vectors slices while an index
// uses them. A Filter.Func is called on the searching goroutine.
package ann
