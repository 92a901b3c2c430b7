package rules

import (
	"strings"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// GroupBy says which groups an item belongs to, for Diversity and Fairness. The zero value groups by
// category.
type GroupBy struct {
	// Attribute is "category" (the default when empty) or "tag".
	Attribute string `json:"attribute,omitempty"`
	// TagPrefix, with Attribute "tag", keeps only the tags that start with it ("genre:" groups by genre
	// tags such as "genre:jazz"); empty keeps every tag.
	TagPrefix string `json:"tag_prefix,omitempty"`
}

// validate checks the attribute name.
func (g GroupBy) validate(kind string) error {
	switch g.Attribute {
	case "", "category":
		if g.TagPrefix != "" {
			return configError(kind, "tag_prefix %q needs attribute \"tag\"", g.TagPrefix)
		}
		return nil
	case "tag":
		return nil
	}
	return configError(kind, "group attribute %q: want \"category\" or \"tag\"", g.Attribute)
}

// groups holds, for one request, the groups of each candidate as small integers: candidate k belongs to
// ids[off[k]:off[k+1]]. An item without a category (or without a matching tag) belongs to no group.
type groups struct {
	off   []int32
	ids   []int32
	names []string // names[g] is group g's name
}

// groupsOf builds the groups of cands. With first set, each candidate keeps only its first group (in the
// catalog's tag order).
func groupsOf(by GroupBy, cat *modelpack.Catalog, cands []runtime.Candidate, first bool) *groups {
	g := &groups{off: make([]int32, 1, len(cands)+1), ids: make([]int32, 0, len(cands))}
	intern := make(map[string]int32)
	add := func(name string) {
		id, ok := intern[name]
		if !ok {
			id = int32(len(g.names))
			intern[name] = id
			g.names = append(g.names, name)
		}
		for _, have := range g.ids[g.off[len(g.off)-1]:] {
			if have == id {
				return // an item listing a tag twice is in its group once
			}
		}
		g.ids = append(g.ids, id)
	}
	for _, c := range cands {
		switch {
		case cat == nil:
		case by.Attribute == "tag":
			for _, t := range cat.ItemTags(c.Index) {
				if strings.HasPrefix(t, by.TagPrefix) && (!first || int(g.off[len(g.off)-1]) == len(g.ids)) {
					add(t)
				}
			}
		default:
			if name := cat.ItemCategory(c.Index); name != "" {
				add(name)
			}
		}
		g.off = append(g.off, int32(len(g.ids)))
	}
	return g
}

// of returns the groups of candidate k.
func (g *groups) of(k int) []int32 { return g.ids[g.off[k]:g.off[k+1]] }

// id returns the group id of a name, or -1 if no candidate is in that group.
func (g *groups) id(name string) int32 {
	for k, n := range g.names {
		if n == name {
			return int32(k)
		}
	}
	return -1
}
