package modelpack

import "sync"

// Section names of the catalog (FORMAT.md, "Catalog").
const (
	catItems      = "catalog.items"      // strings: item ids, index = dense item index
	catUsers      = "catalog.users"      // strings: user ids (optional)
	catCategory   = "catalog.category"   // i32 tensor [items]: index into catCategories, -1 = none
	catCategories = "catalog.categories" // strings: category names
	catCreatedAt  = "catalog.created_at" // i64 tensor [items]: unix seconds, 0 = unknown
	catTags       = "catalog.tags"       // csr items × tag names
	catTagNames   = "catalog.tag_names"  // strings: tag names
)

// Catalog maps the caller's item and user ids to the dense indices a model
// uses, and holds item attributes, so every answer speaks the caller's ids.
//
// To build one, set ItemIDs (and UserIDs, and optionally the per-item
// Category, CreatedAt and Tags, each empty or one entry per item) and pass
// it to Builder.AddCatalog. A Catalog read from a bundle has Items, Users
// and CreatedAt set (views of the file); read its categories and tags with
// ItemCategory and ItemTags. The methods work on both forms.
//
// A Catalog is safe for concurrent use once built; do not modify its
// fields after the first method call.
type Catalog struct {
	Items, Users     *Strings // set when read from a bundle
	ItemIDs, UserIDs []string // used when building
	Category         []string // per item ("" = none), optional
	CreatedAt        []int64  // per item unix seconds (0 = unknown), optional
	Tags             [][]string

	once         sync.Once // resolves items and users on first lookup
	items, users *Strings  // the id lists, read or built from ItemIDs/UserIDs

	// read form only
	catCodes []int32
	catNames []string
	tags     CSR
	tagNames []string
}

func (c *Catalog) resolve() {
	c.once.Do(func() {
		c.items, c.users = c.Items, c.Users
		if c.items == nil {
			c.items, _ = NewStrings(c.ItemIDs)
		}
		if c.users == nil {
			c.users, _ = NewStrings(c.UserIDs)
		}
	})
}

// NumItems returns the number of items.
func (c *Catalog) NumItems() int {
	if c.Items != nil {
		return c.Items.Len()
	}
	return len(c.ItemIDs)
}

// NumUsers returns the number of users.
func (c *Catalog) NumUsers() int {
	if c.Users != nil {
		return c.Users.Len()
	}
	return len(c.UserIDs)
}

// ItemIndex returns the dense index of an item id. It is O(1): a hash
// table stored in the bundle when read, built on first use otherwise.
func (c *Catalog) ItemIndex(id string) (int32, bool) {
	c.resolve()
	if c.items == nil {
		return 0, false
	}
	i, ok := c.items.Index(id)
	return int32(i), ok
}

// UserIndex returns the dense index of a user id.
func (c *Catalog) UserIndex(id string) (int32, bool) {
	c.resolve()
	if c.users == nil {
		return 0, false
	}
	i, ok := c.users.Index(id)
	return int32(i), ok
}

// ItemID returns item i's id ("" if out of range).
func (c *Catalog) ItemID(i int32) string { return idAt(c.Items, c.ItemIDs, i) }

// UserID returns user i's id ("" if out of range).
func (c *Catalog) UserID(i int32) string { return idAt(c.Users, c.UserIDs, i) }

func idAt(s *Strings, ids []string, i int32) string {
	if s != nil {
		return s.At(int(i))
	}
	if i < 0 || int(i) >= len(ids) {
		return ""
	}
	return ids[i]
}

// ItemCategory returns item i's category ("" if none or out of range).
func (c *Catalog) ItemCategory(i int32) string {
	if c.catNames != nil {
		if i < 0 || int(i) >= len(c.catCodes) || c.catCodes[i] < 0 {
			return ""
		}
		return c.catNames[c.catCodes[i]]
	}
	if i < 0 || int(i) >= len(c.Category) {
		return ""
	}
	return c.Category[i]
}

// ItemCreatedAt returns item i's creation time in unix seconds (0 if unknown).
func (c *Catalog) ItemCreatedAt(i int32) int64 {
	if i < 0 || int(i) >= len(c.CreatedAt) {
		return 0
	}
	return c.CreatedAt[i]
}

// ItemTags returns item i's tags (a new slice; nil if none).
func (c *Catalog) ItemTags(i int32) []string {
	if c.tagNames != nil {
		row := c.tags.Row(int(i))
		if len(row) == 0 {
			return nil
		}
		out := make([]string, len(row))
		for k, t := range row {
			out[k] = c.tagNames[t]
		}
		return out
	}
	if i < 0 || int(i) >= len(c.Tags) {
		return nil
	}
	return c.Tags[i]
}

// ItemHasTag reports whether item i carries tag, without allocating (a filter over the whole catalog asks
// this once per item and tag).
func (c *Catalog) ItemHasTag(i int32, tag string) bool {
	if c.tagNames != nil {
		if i < 0 || int(i) >= c.tags.Rows {
			return false
		}
		for _, t := range c.tags.Row(int(i)) {
			if c.tagNames[t] == tag {
				return true
			}
		}
		return false
	}
	if i < 0 || int(i) >= len(c.Tags) {
		return false
	}
	for _, t := range c.Tags[i] {
		if t == tag {
			return true
		}
	}
	return false
}

func (c *Catalog) hasCategory() bool { return c.catNames != nil || len(c.Category) > 0 }
func (c *Catalog) hasTags() bool     { return c.tagNames != nil || len(c.Tags) > 0 }
