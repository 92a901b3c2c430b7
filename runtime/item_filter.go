package runtime

import (
	"slices"
	"time"

	"github.com/corerec/corerec/modelpack"
)

// empty reports whether the filter keeps every item.
func (f *ItemFilter) empty() bool {
	return f == nil || (len(f.CategoryIn) == 0 && len(f.CategoryNotIn) == 0 && len(f.WithTags) == 0 &&
		len(f.WithoutTags) == 0 && f.CreatedAfter.IsZero() && f.CreatedBefore.IsZero())
}

// keeps reports whether item i satisfies every predicate of f.
func (f *ItemFilter) keeps(cat *modelpack.Catalog, i int32) bool {
	if len(f.CategoryIn) > 0 || len(f.CategoryNotIn) > 0 {
		c := cat.ItemCategory(i)
		if (len(f.CategoryIn) > 0 && !slices.Contains(f.CategoryIn, c)) || slices.Contains(f.CategoryNotIn, c) {
			return false
		}
	}
	if !f.CreatedAfter.IsZero() || !f.CreatedBefore.IsZero() {
		ts := cat.ItemCreatedAt(i)
		if ts == 0 {
			return false
		}
		t := time.Unix(ts, 0)
		if (!f.CreatedAfter.IsZero() && t.Before(f.CreatedAfter)) || (!f.CreatedBefore.IsZero() && !t.Before(f.CreatedBefore)) {
			return false
		}
	}
	if len(f.WithTags) > 0 || len(f.WithoutTags) > 0 {
		for _, w := range f.WithTags {
			if !cat.ItemHasTag(i, w) {
				return false
			}
		}
		for _, w := range f.WithoutTags {
			if cat.ItemHasTag(i, w) {
				return false
			}
		}
	}
	return true
}

// applyFilter marks every item the request's attribute filter rejects as excluded, so that retrieval (an
// exact scan, the popular items, or a filtered HNSW search) never returns it.
func (e *Engine) applyFilter(sc *scratch, f *ItemFilter) {
	if f.empty() {
		return
	}
	for i := range int32(e.items.n) {
		if !sc.excluded.has(i) && !f.keeps(e.catalog, i) {
			sc.exclude(i)
		}
	}
}
