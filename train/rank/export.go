package rank

import (
	"encoding/json"
	"fmt"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// AddTo writes m and the feature data the runtime needs into b: the spec (JSON), every
// categorical field's vocabulary, the stored user and item features, and every weight. The
// catalog is not written (the caller adds one; its items are d.Vocabs[d.ItemKey]).
func (m *Model) AddTo(b *modelpack.Builder, d *Data) error {
	spec, err := json.Marshal(m.Spec)
	if err != nil {
		return fmt.Errorf("rank: %w", err)
	}
	if err := b.AddBytes(modelpack.SectionRankSpec, spec); err != nil {
		return fmt.Errorf("rank: %w", err)
	}
	for _, f := range m.Spec.Fields {
		if err := addField(b, d, f); err != nil {
			return fmt.Errorf("rank: field %q: %w", f.Name, err)
		}
	}
	for _, p := range m.Params.All() {
		if err := b.AddF32(modelpack.PrefixRankWeight+p.Name, []int{p.Rows, p.Cols}, p.Data); err != nil {
			return fmt.Errorf("rank: %w", err)
		}
	}
	return nil
}

func addField(b *modelpack.Builder, d *Data, f runtime.RankField) error {
	if f.Embedded() {
		if err := b.AddStrings(modelpack.PrefixRankVocab+f.Name, d.Vocabs[f.Name]); err != nil {
			return err
		}
	}
	t := d.table(f.Side)
	name := modelpack.PrefixRankUser + f.Name
	if f.Side == runtime.SideItem {
		name = modelpack.PrefixRankItem + f.Name
	}
	switch f.Kind {
	case runtime.FieldCategorical:
		if f.Name == d.UserKey || f.Name == d.ItemKey {
			return nil // code = row + 1
		}
		return b.AddInt32(name, []int{t.Rows}, t.Cat[f.Name])
	case runtime.FieldMultiHot:
		c, err := modelpack.NewCSR(t.Multi[f.Name], f.Vocab)
		if err != nil {
			return err
		}
		return b.AddCSR(name, c)
	}
	return b.AddF32(name, []int{t.Rows}, t.Dense[f.Name])
}

// Bundle returns a builder holding m, d's features and a catalog of d's items and users.
func (m *Model) Bundle(d *Data, man modelpack.Manifest) (*modelpack.Builder, error) {
	man.Kind = modelpack.KindRanker
	b := modelpack.NewBuilder(man)
	if err := b.AddCatalog(&modelpack.Catalog{ItemIDs: d.Vocabs[d.ItemKey], UserIDs: d.Vocabs[d.UserKey]}); err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	return b, m.AddTo(b, d)
}
