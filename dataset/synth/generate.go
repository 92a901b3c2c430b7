package synth

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"

	"github.com/corerec/corerec/dataset"
)

// Data is a generated data set with the structure that produced it.
// Indices agree everywhere: user u is Dataset.Users.ID(u), UserTaste[u],
// UserFeatures[u]; item i is Dataset.Items.ID(i), ItemCategory[i],
// Attributes.Category[i]. Every user and item is in the id maps, even one
// without interactions.
type Data struct {
	// Dataset holds the interactions in time order, with timestamps and
	// ratings; user ids look like "u0007", item ids like "i0042".
	Dataset *dataset.Dataset
	// Attributes holds each item's category name ("c03"), creation time and tags.
	Attributes *dataset.ItemAttributes
	// UserFeatures is a noisy projection of each user's taste
	// (Users × FeatureDim).
	UserFeatures [][]float32
	// UserTaste is each user's mixture over categories (sums to 1).
	UserTaste [][]float32
	// UserAge and UserCountry are categorical attributes correlated with
	// each user's dominant category.
	UserAge     []int
	UserCountry []string
	// ItemCategory is each item's category index.
	ItemCategory []int
	// Categories names the categories ("c00", "c01", ...).
	Categories []string
	// Config is the configuration used, defaults filled in.
	Config Config
}

// Generate builds a data set from cfg; the same cfg gives the same data.
func Generate(cfg Config) *Data {
	cfg = cfg.withDefaults()
	// Separate streams keep each stage's draws independent of the others.
	cat := newCatalog(cfg, newSource(cfg.Seed, 1))
	pop := newPopulation(cfg, newSource(cfg.Seed, 2))
	rows := simulate(cfg, cat, pop, newSource(cfg.Seed, 3))
	// A user's times strictly increase, so (time, user) orders rows totally.
	slices.SortFunc(rows, func(a, b dataset.Interaction) int {
		return cmp.Or(cmp.Compare(a.Time, b.Time), cmp.Compare(a.User, b.User))
	})

	d := &Data{Config: cfg, ItemCategory: cat.category, UserAge: pop.age, UserCountry: pop.country, UserFeatures: pop.features}
	d.Dataset = &dataset.Dataset{
		Users: idMap("u", cfg.Users), Items: idMap("i", cfg.Items), Rows: rows,
		HasTime: true, HasRating: true, Source: fmt.Sprintf("synth(seed=%d)", cfg.Seed),
		Stats: dataset.Stats{Rows: len(rows)},
	}
	d.Categories = make([]string, cfg.Categories)
	for k := range d.Categories {
		d.Categories[k] = categoryName(k)
	}
	attrs := &dataset.ItemAttributes{Category: make([]string, cfg.Items), CreatedAt: cat.created, Tags: cat.tags,
		Stats: dataset.Stats{Rows: cfg.Items}}
	for i, k := range cat.category {
		attrs.Category[i] = d.Categories[k]
	}
	d.Attributes = attrs
	d.UserTaste = make([][]float32, cfg.Users)
	for u, t := range pop.taste {
		d.UserTaste[u] = make([]float32, len(t))
		for k, w := range t {
			d.UserTaste[u][k] = float32(w)
		}
	}
	return d
}

// idMap returns ids prefix+zero-padded index (at least 4 digits) for 0..n-1.
func idMap(prefix string, n int) *dataset.IDMap {
	width := max(4, len(strconv.Itoa(n-1)))
	m := dataset.NewIDMap()
	for i := range n {
		m.Add(fmt.Sprintf("%s%0*d", prefix, width, i))
	}
	return m
}
