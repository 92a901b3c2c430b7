package rules

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

// now is the request clock of the tests.
var now = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

// item describes one catalog item of a test.
type item struct {
	cat     string
	created time.Duration // age at now; 0 = unknown creation time
	tags    []string
}

// catalog builds a catalog with ids "i0", "i1", ….
func catalog(items ...item) *modelpack.Catalog {
	c := &modelpack.Catalog{}
	for k, it := range items {
		c.ItemIDs = append(c.ItemIDs, fmt.Sprintf("i%d", k))
		c.Category = append(c.Category, it.cat)
		ts := int64(0)
		if it.created != 0 {
			ts = now.Add(-it.created).Unix()
		}
		c.CreatedAt = append(c.CreatedAt, ts)
		c.Tags = append(c.Tags, it.tags)
	}
	return c
}

// testCatalog is the catalog of most table tests.
func testCatalog() *modelpack.Catalog {
	return catalog(
		item{cat: "A", created: 14 * day, tags: []string{"genre:rock", "new"}}, // i0
		item{cat: "A", created: 7 * day, tags: []string{"genre:rock"}},         // i1
		item{cat: "A", created: 1, tags: []string{"genre:jazz"}},               // i2 (1ns old)
		item{cat: "B", tags: []string{"genre:rock", "genre:jazz"}},             // i3 (unknown age)
		item{cat: "B", created: 30 * day},                                      // i4
		item{cat: "C", created: 2 * day, tags: []string{"kids"}},               // i5
		item{cat: "A", created: 3 * day},                                       // i6
		item{cat: "B", created: 4 * day, tags: []string{"kids", "new"}},        // i7
		item{created: 5 * day},                                                 // i8 (no category)
		item{cat: "C", created: 6 * day},                                       // i9
	)
}

// ranked returns candidates with the given indices and scores n, n-1, …, 1 (best first).
func ranked(idx ...int32) []runtime.Candidate {
	out := make([]runtime.Candidate, len(idx))
	for k, i := range idx {
		out[k] = runtime.Candidate{Index: i, Score: float32(len(idx) - k)}
	}
	return out
}

// upto returns ranked(0, 1, …, n-1).
func upto(n int) []runtime.Candidate {
	idx := make([]int32, n)
	for k := range idx {
		idx[k] = int32(k)
	}
	return ranked(idx...)
}

// indices returns the candidates' item indices.
func indices(c []runtime.Candidate) []int32 {
	out := make([]int32, len(c))
	for k, x := range c {
		out[k] = x.Index
	}
	return out
}

// run reranks a copy of cands and returns the result's indices.
func run(t *testing.T, r runtime.Reranker, in *runtime.RerankInput, cands []runtime.Candidate) []int32 {
	t.Helper()
	out, err := r.Rerank(context.Background(), in, slices.Clone(cands))
	require.NoError(t, err)
	return indices(out)
}

// must returns v; it panics on err (tests call it only with valid configs).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// cand returns a candidate.
func cand(i int32, score float32) runtime.Candidate { return runtime.Candidate{Index: i, Score: score} }
