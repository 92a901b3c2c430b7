package modelpack

// indexCatalog assembles the catalog from its sections, if present, and
// checks that every per-item section has one entry per item and every
// code points into its dictionary.
func (b *Bundle) indexCatalog() error {
	items, ok := b.strs[catItems]
	if !ok {
		return nil
	}
	c := &Catalog{Items: items, Users: b.strs[catUsers]}
	n := items.Len()
	fail := func(name, format string, args ...any) error {
		s := &b.sections[b.byName[name]]
		return wrapSection(s, errorf(ErrCorrupt, format, args...))
	}
	if b.Has(catCategory) {
		if err := b.indexCategories(c, n); err != nil {
			return err
		}
	}
	if b.Has(catCreatedAt) {
		v, shape, err := b.Int64(catCreatedAt)
		if err != nil || len(shape) != 1 || shape[0] != n {
			return fail(catCreatedAt, "want i64 [%d]", n)
		}
		c.CreatedAt = v
	}
	if b.Has(catTags + ".indptr") {
		tags, ok1 := b.csrs[catTags]
		names, ok2 := b.strs[catTagNames]
		if !ok1 || !ok2 || tags.Rows != n || tags.Cols != names.Len() {
			return fail(catTags+".indptr", "want csr %d × %q", n, catTagNames)
		}
		c.tags, c.tagNames = tags, allStrings(names)
	}
	b.catalog = c
	return nil
}

// indexCategories checks catalog.category against its dictionary.
func (b *Bundle) indexCategories(c *Catalog, n int) error {
	s := &b.sections[b.byName[catCategory]]
	codes, shape, err := b.Int32(catCategory)
	names, ok := b.strs[catCategories]
	if err != nil || len(shape) != 1 || shape[0] != n || !ok {
		return wrapSection(s, errorf(ErrCorrupt, "want i32 [%d] with strings %q", n, catCategories))
	}
	for i, v := range codes {
		if v < -1 || int64(v) >= int64(names.Len()) {
			return wrapSection(s, errorf(ErrCorrupt, "item %d has category code %d of %d", i, v, names.Len()))
		}
	}
	c.catCodes, c.catNames = codes, allStrings(names)
	return nil
}

// allStrings materialises a (small) dictionary; never nil.
func allStrings(s *Strings) []string {
	out := make([]string, s.Len())
	for i := range out {
		out[i] = s.At(i)
	}
	return out
}
