package twotower

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train"
)

// Names of the multi-modal item tower in a bundle (read by runtime/tower_item.go, which documents them).
const (
	extraItemTower       = "tower.item"
	sectionItemTower     = "tower.item."
	sectionItemModality  = "tower.item.modality."
	sectionItemAttrs     = "tower.item.attributes"
	sectionItemLogits    = "tower.item.fusion.logits"
	sectionItemQuery     = "tower.item.fusion.query"
	sectionItemGate      = "tower.item.fusion.gate"
	itemTowerSpecVersion = 1
)

// itemTowerSpec is the JSON description of the multi-modal item tower in Manifest.Extra["tower.item"]
// (runtime.ItemTowerSpec reads it).
type itemTowerSpec struct {
	Version    int            `json:"version"`
	Strategy   string         `json:"strategy"`
	Width      int            `json:"width"`
	Modalities []modalitySpec `json:"modalities"`
	Attributes []string       `json:"attributes,omitempty"`
	ID         bool           `json:"id"`
	Layers     []layerSpec    `json:"layers"`
	Normalize  bool           `json:"normalize"`
}

type modalitySpec struct {
	Name string `json:"name"`
	Dim  int    `json:"dim"`
}

// addItemTower puts the item tower's description into e's manifest and the items added with AddItems
// after the trained ones.
func (m *Model) addItemTower(e *train.Embeddings) error {
	f := m.item.fuse
	if f == nil {
		return nil
	}
	if len(e.ItemIDs) != m.numItems {
		return fmt.Errorf("%w: %d item ids for %d trained items", ErrInput, len(e.ItemIDs), m.numItems)
	}
	s := itemTowerSpec{Version: itemTowerSpecVersion, Strategy: f.strategy, Width: f.width, ID: f.hasID,
		Normalize: m.item.normalize}
	for _, md := range f.mods {
		s.Modalities = append(s.Modalities, modalitySpec{Name: md.Name, Dim: md.Dim})
	}
	if f.attrs != nil {
		s.Attributes = f.attrs.Names
	}
	for _, l := range m.item.layers {
		s.Layers = append(s.Layers, layerSpec{In: l.w.Cols, Out: l.w.Rows, Activation: l.act.String()})
	}
	raw, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("twotower: %w", err)
	}
	e.Manifest.Extra = maps.Clone(e.Manifest.Extra)
	if e.Manifest.Extra == nil {
		e.Manifest.Extra = map[string]string{}
	}
	e.Manifest.Extra[extraItemTower] = string(raw)
	if len(m.newIDs) > 0 {
		e.ItemIDs = slices.Concat(e.ItemIDs, m.newIDs)
		e.Items = slices.Concat(m.Items, m.newItems)
		if e.Popularity != nil {
			e.Popularity = slices.Concat(e.Popularity, make([]float32, len(m.newIDs)))
		}
	}
	return nil
}

// addFusionSections writes the item tower's weights (f32 whatever the embeddings' storage).
func (t *tower) addFusionSections(b *modelpack.Builder) error {
	f := t.fuse
	add := func(name string, l layer) error {
		if err := b.AddF32(name+".weight", []int{l.w.Rows, l.w.Cols}, l.w.Data); err != nil {
			return err
		}
		return b.AddF32(name+".bias", []int{l.b.Len()}, l.b.Data)
	}
	for k, l := range f.proj {
		if err := add(sectionItemModality+strconv.Itoa(k), l); err != nil {
			return err
		}
	}
	for k, l := range t.layers {
		if err := add(sectionItemTower+strconv.Itoa(k), l); err != nil {
			return err
		}
	}
	if f.attrEmb != nil {
		if err := b.AddF32(sectionItemAttrs, []int{f.attrEmb.Rows, f.attrEmb.Cols}, f.attrEmb.Data); err != nil {
			return err
		}
	}
	switch f.strategy {
	case FuseWeighted:
		return b.AddF32(sectionItemLogits, []int{f.m}, f.logits.Data)
	case FuseAttention:
		return b.AddF32(sectionItemQuery, []int{f.width}, f.query.Data)
	case FuseGated:
		return add(sectionItemGate, f.gate)
	}
	return nil
}
