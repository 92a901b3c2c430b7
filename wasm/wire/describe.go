package wire

import (
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/runtime"
)

// Info describes a bundle: its manifest, sizes and categories.
type Info struct {
	Manifest   modelpack.Manifest `json:"manifest"`
	Items      int                `json:"items"`
	Users      int                `json:"users"`
	Dim        int                `json:"dim"`
	Categories []CategoryCount    `json:"categories,omitempty"`
	// Rules are the bundle's rules (for a rule toggle), in the order they run.
	Rules []rules.RuleState `json:"rules,omitempty"`
}

// CategoryCount is a category and how many items it holds.
type CategoryCount struct {
	Name  string `json:"name"`
	Items int    `json:"items"`
}

// Describe returns eng's Info; categories are in order of first appearance in the catalog.
func Describe(eng *runtime.Engine) Info {
	cat := eng.Catalog()
	info := Info{Manifest: eng.Manifest(), Items: cat.NumItems(), Users: cat.NumUsers(), Dim: eng.Dim(),
		Rules: Rules(eng)}
	pos := map[string]int{}
	for i := range int32(cat.NumItems()) {
		c := cat.ItemCategory(i)
		if c == "" {
			continue
		}
		k, ok := pos[c]
		if !ok {
			k = len(info.Categories)
			pos[c] = k
			info.Categories = append(info.Categories, CategoryCount{Name: c})
		}
		info.Categories[k].Items++
	}
	return info
}

// CatalogItem is one catalog entry.
type CatalogItem struct {
	ID       string `json:"id"`
	Index    int32  `json:"index"`
	Category string `json:"category,omitempty"`
}

// Page is a slice of the catalog.
type Page struct {
	Items []CatalogItem `json:"items"`
	Total int           `json:"total"`
}

// MaxPage bounds a catalog page.
const MaxPage = 10000

// Items returns the catalog entries offset..offset+limit-1 (limit 0 means 100, capped at MaxPage).
func Items(eng *runtime.Engine, offset, limit int) Page {
	cat := eng.Catalog()
	n := cat.NumItems()
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, MaxPage)
	offset = max(0, min(offset, n))
	end := min(n, offset+limit)
	p := Page{Items: make([]CatalogItem, 0, end-offset), Total: n}
	for i := int32(offset); i < int32(end); i++ {
		p.Items = append(p.Items, CatalogItem{ID: cat.ItemID(i), Index: i, Category: cat.ItemCategory(i)})
	}
	return p
}
