package content

import (
	"fmt"
	"maps"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/modelpack"
)

// Export is what a content bundle carries besides the model.
type Export struct {
	// Manifest supplies Name, CreatedAt, Training and Metrics; Kind, Dim and Metric are set by Builder.
	Manifest modelpack.Manifest
	// UserIDs and Seen (each user's items, for profiles and exclude-seen) are optional; Seen is nil or
	// len(UserIDs).
	UserIDs []string
	Seen    [][]int32
	// Popularity is each item's interaction count (for the popular fallback); nil or one per item.
	Popularity []float32
	// Attributes are optional item attributes for the catalog.
	Attributes *dataset.ItemAttributes
}

// Builder assembles the bundle: catalog, the sparse item vectors by item and by term, vocabulary, idf,
// seen items and popularity (see modelpack.KindTFIDF).
func (m *Model) Builder(x Export) (*modelpack.Builder, error) {
	n := m.NumItems()
	switch {
	case x.Seen != nil && len(x.Seen) != len(x.UserIDs):
		return nil, fmt.Errorf("%w: seen items for %d users, %d user ids", ErrInput, len(x.Seen), len(x.UserIDs))
	case x.Popularity != nil && len(x.Popularity) != n:
		return nil, fmt.Errorf("%w: popularity of %d items, model has %d", ErrInput, len(x.Popularity), n)
	}
	man := x.Manifest
	man.Kind, man.Dim, man.Metric = modelpack.KindTFIDF, len(m.Vocab), modelpack.MetricCosine
	man.Extra = maps.Clone(man.Extra)
	if man.Extra == nil {
		man.Extra = map[string]string{}
	}
	tok := TokenizerVersion
	if m.cfg.StopWords {
		tok += " stop=en"
	}
	man.Extra[modelpack.ExtraContentTokenizer] = tok
	b := modelpack.NewBuilder(man)
	cat := &modelpack.Catalog{ItemIDs: m.IDs, UserIDs: x.UserIDs}
	if a := x.Attributes; a != nil {
		cat.Category, cat.CreatedAt, cat.Tags = a.Category, a.CreatedAt, a.Tags
	}
	if err := b.AddCatalog(cat); err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	if err := m.addSections(b); err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	if err := addUsage(b, x, n); err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	return b, nil
}

func (m *Model) addSections(b *modelpack.Builder) error {
	if err := b.AddCSR(modelpack.SectionContentItems, m.Items); err != nil {
		return err
	}
	if err := b.AddF32(modelpack.SectionContentItemWeights, []int{len(m.Weights)}, m.Weights); err != nil {
		return err
	}
	if err := b.AddCSR(modelpack.SectionContentTerms, m.Terms); err != nil {
		return err
	}
	if err := b.AddF32(modelpack.SectionContentTermWeights, []int{len(m.TermWeights)}, m.TermWeights); err != nil {
		return err
	}
	if err := b.AddStrings(modelpack.SectionContentVocab, m.Vocab); err != nil {
		return err
	}
	return b.AddF32(modelpack.SectionContentIDF, []int{len(m.IDF)}, m.IDF)
}

func addUsage(b *modelpack.Builder, x Export, n int) error {
	if x.Seen != nil {
		c, err := modelpack.NewCSR(x.Seen, n)
		if err != nil {
			return err
		}
		if err := b.AddCSR(modelpack.SectionUserSeen, c); err != nil {
			return err
		}
	}
	if x.Popularity != nil {
		return b.AddF32(modelpack.SectionItemPopularity, []int{n}, x.Popularity)
	}
	return nil
}
