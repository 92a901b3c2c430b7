package modelpack

import "github.com/corerec/corerec/internal/fmtlite"

// AddCatalog adds the catalog (sections catalog.*, FORMAT.md "Catalog").
// Item ids, and user ids, must be unique; Category, CreatedAt and Tags are
// each empty or hold one entry per item. c may also be a Catalog read from
// another bundle (re-packing). It takes a pointer because a Catalog holds a
// sync.Once.
func (b *Builder) AddCatalog(c *Catalog) error {
	items, users := ids(c.Items, c.ItemIDs), ids(c.Users, c.UserIDs)
	n := len(items)
	if err := firstErr(unique("item", items), unique("user", users), perItem("Category", len(c.Category), n),
		perItem("CreatedAt", len(c.CreatedAt), n), perItem("Tags", len(c.Tags), n)); err != nil {
		return err
	}
	err := b.AddStrings(catItems, items)
	if err == nil && len(users) > 0 {
		err = b.AddStrings(catUsers, users)
	}
	if err == nil && c.hasCategory() {
		err = b.addCategories(c, n)
	}
	if err == nil && len(c.CreatedAt) > 0 {
		err = b.AddInt64(catCreatedAt, []int{n}, c.CreatedAt)
	}
	if err == nil && c.hasTags() {
		err = b.addTags(c, n)
	}
	return err
}

func ids(s *Strings, v []string) []string {
	if v != nil || s == nil {
		return v
	}
	return allStrings(s)
}

func unique(what string, v []string) error {
	seen := make(map[string]struct{}, len(v))
	for _, s := range v {
		if _, dup := seen[s]; dup {
			return fmtlite.Errorf("modelpack: catalog: %w: duplicate %s id %q", ErrInvalid, what, s)
		}
		seen[s] = struct{}{}
	}
	return nil
}

func perItem(field string, got, n int) error {
	if got != 0 && got != n {
		return fmtlite.Errorf("modelpack: catalog: %w: %s has %d entries for %d items", ErrInvalid, field, got, n)
	}
	return nil
}

// dict assigns dense codes to names in first-seen order.
type dict struct {
	names []string
	code  map[string]int32
}

func (d *dict) id(s string) int32 {
	if d.code == nil {
		d.code = map[string]int32{}
	}
	c, ok := d.code[s]
	if !ok {
		c = int32(len(d.names))
		d.code[s] = c
		d.names = append(d.names, s)
	}
	return c
}

func (b *Builder) addCategories(c *Catalog, n int) error {
	var d dict
	codes := make([]int32, n)
	for i := range codes {
		codes[i] = -1
		if s := c.ItemCategory(int32(i)); s != "" {
			codes[i] = d.id(s)
		}
	}
	return firstErr(b.AddStrings(catCategories, d.names), b.AddInt32(catCategory, []int{n}, codes))
}

func (b *Builder) addTags(c *Catalog, n int) error {
	var d dict
	rows := make([][]int32, n)
	for i := range rows {
		for _, t := range c.ItemTags(int32(i)) {
			rows[i] = append(rows[i], d.id(t))
		}
	}
	csr, err := NewCSR(rows, len(d.names))
	if err != nil {
		return err
	}
	return firstErr(b.AddStrings(catTagNames, d.names), b.AddCSR(catTags, csr))
}
