package rules

import (
	"sync/atomic"

	"github.com/corerec/corerec/modelpack"
)

// Match selects items by id, category or tag: an item matches if its id is in Items, or its category is in
// Categories, or it carries any tag in Tags. The zero Match matches nothing. Ids the catalog does not know
// are ignored.
type Match struct {
	// Items are item ids (the caller's ids, as in the catalog).
	Items []string `json:"items,omitempty"`
	// Categories are category names.
	Categories []string `json:"categories,omitempty"`
	// Tags are tag names.
	Tags []string `json:"tags,omitempty"`
}

// matcher is a compiled Match. It caches the dense indices of Items for the last catalog it saw, so a
// request resolves ids only when the catalog changes (a reloaded bundle).
type matcher struct {
	ids        []string
	categories strSet
	tags       strSet
	resolved   atomic.Pointer[resolvedIDs] // Items resolved against one catalog
}

// resolvedIDs is the set of item indices of Match.Items in one catalog.
type resolvedIDs struct {
	cat *modelpack.Catalog
	idx map[int32]struct{}
}

func newMatcher(m Match) *matcher {
	return &matcher{ids: m.Items, categories: newStrSet(m.Categories), tags: newStrSet(m.Tags)}
}

// bind returns the matcher's item indices in cat, resolving and caching them on the first call for cat.
func (m *matcher) bind(cat *modelpack.Catalog) map[int32]struct{} {
	if len(m.ids) == 0 || cat == nil {
		return nil
	}
	if r := m.resolved.Load(); r != nil && r.cat == cat {
		return r.idx
	}
	idx := make(map[int32]struct{}, len(m.ids))
	for _, id := range m.ids {
		if i, ok := cat.ItemIndex(id); ok {
			idx[i] = struct{}{}
		}
	}
	m.resolved.Store(&resolvedIDs{cat: cat, idx: idx})
	return idx
}

// match reports whether item i matches; ids is the result of bind for cat.
func (m *matcher) match(cat *modelpack.Catalog, ids map[int32]struct{}, i int32) bool {
	if cat == nil {
		return false
	}
	if _, ok := ids[i]; ok {
		return true
	}
	if !m.categories.empty() && m.categories.has(cat.ItemCategory(i)) {
		return true
	}
	return !m.tags.empty() && m.tags.hasAny(cat.ItemTags(i))
}
