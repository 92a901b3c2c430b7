package twotower

import (
	"fmt"
	"math"
	"slices"

	"github.com/corerec/corerec/train/nn"
)

// ItemInput is what a multi-modal item tower reads of an item it was not trained on (cold start).
type ItemInput struct {
	// Modalities maps modality names (Modality.Name) to the item's vector; a modality the map lacks (or
	// maps to an empty vector) is missing for the item and masked.
	Modalities map[string][]float32
	// Attributes are the item's attribute names (Attributes.Names); names the model does not know are
	// skipped. None (or none known) masks the attribute modality.
	Attributes []string
}

// Multimodal reports whether the item tower reads modalities (Input.ItemModalities or ItemAttributes).
func (m *Model) Multimodal() bool { return m.item.fuse != nil }

// EncodeItems runs the multi-modal item tower for items the model was not trained on (their ID modality
// masked) and returns their vectors, len(items)×Config.Dim.
func (m *Model) EncodeItems(items []ItemInput) ([]float32, error) {
	f := m.item.fuse
	if f == nil {
		return nil, fmt.Errorf("%w: the item tower reads no modalities", ErrInput)
	}
	b, err := f.batchOf(items)
	if err != nil {
		return nil, err
	}
	tp := nn.NewTape(nn.Config{Workers: 1})
	tp.SetTraining(false)
	y := m.item.head(tp, f.forward(tp, b, m.item.emb))
	return slices.Clone(y.Data), nil
}

// AddItems encodes new items (see EncodeItems) and keeps them for Builder, which packs them after the
// trained items under ids. The ids must be new: not among the bundle's item ids nor repeated.
func (m *Model) AddItems(ids []string, items []ItemInput) error {
	if len(ids) != len(items) {
		return fmt.Errorf("%w: %d ids for %d items", ErrInput, len(ids), len(items))
	}
	v, err := m.EncodeItems(items)
	if err != nil {
		return err
	}
	m.newIDs = append(m.newIDs, ids...)
	m.newItems = append(m.newItems, v...)
	return nil
}

// NewItems is the number of items added with AddItems.
func (m *Model) NewItems() int { return len(m.newIDs) }

// batchOf assembles the inputs of new items.
func (f *fusion) batchOf(items []ItemInput) (fuseBatch, error) {
	n := len(items)
	b := fuseBatch{n: n, mask: make([]float32, n*f.m)}
	known := map[string]bool{}
	for k, md := range f.mods {
		known[md.Name] = true
		x := make([]float32, n*md.Dim)
		for r, it := range items {
			v := it.Modalities[md.Name]
			if len(v) == 0 {
				continue
			}
			if err := checkVector(md, v); err != nil {
				return b, fmt.Errorf("%w: item %d: %w", ErrInput, r, err)
			}
			copy(x[r*md.Dim:], v)
			b.mask[r*f.m+k] = 1
		}
		b.vecs = append(b.vecs, x)
	}
	for r, it := range items {
		for name := range it.Modalities {
			if !known[name] {
				return b, fmt.Errorf("%w: item %d: unknown modality %q", ErrInput, r, name)
			}
		}
	}
	k := len(f.mods)
	if f.attrs != nil {
		b.offsets = []int32{0}
		for r, it := range items {
			for _, name := range it.Attributes {
				if a, ok := f.attrIdx[name]; ok {
					b.bagIDs = append(b.bagIDs, a)
				}
			}
			b.offsets = append(b.offsets, int32(len(b.bagIDs)))
			b.mask[r*f.m+k] = flag(b.offsets[r+1] > b.offsets[r])
		}
		k++
	}
	if f.hasID {
		b.embIDs = make([]int32, n)
		for r := range b.embIDs {
			b.embIDs[r] = f.unknown // masked: mask[r*f.m+k] stays 0
		}
	}
	return b, nil
}

func checkVector(md Modality, v []float32) error {
	if len(v) != md.Dim {
		return fmt.Errorf("modality %q has %d values, want %d", md.Name, len(v), md.Dim)
	}
	for j, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Errorf("modality %q: value %d is %v", md.Name, j, x)
		}
	}
	return nil
}
