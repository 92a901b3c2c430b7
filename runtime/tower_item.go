package runtime

import (
	"slices"
	"strconv"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/modelpack"
)

// Names of the multi-modal item tower in a bundle (written by train/twotower).
const (
	// ExtraItemTower is the Manifest.Extra key of the item tower's JSON description (ItemTowerSpec).
	ExtraItemTower = "tower.item"
	// Sections: "tower.item.modality.K.weight"/".bias" project vector modality K ([width, dim], [width]);
	// "tower.item.attributes" ([attributes, width]) embeds the attribute names; "tower.item.K.weight"/
	// ".bias" are the layers after the fusion; "tower.item.fusion.logits" ([modalities], weighted),
	// "tower.item.fusion.query" ([width], attention) and "tower.item.fusion.gate.weight"/".bias" ([modalities,
	// modalities·width+modalities], [modalities], gated) are the strategy's weights.
	sectionItemTower    = "tower.item."
	sectionItemModality = "tower.item.modality."
	sectionItemAttrs    = "tower.item.attributes"
	sectionItemLogits   = "tower.item.fusion.logits"
	sectionItemQuery    = "tower.item.fusion.query"
	sectionItemGate     = "tower.item.fusion.gate"
)

// ItemTowerSpec describes a bundle's multi-modal item tower, stored as JSON in
// Manifest.Extra["tower.item"] by the Two-Tower trainer:
//
//	{"version":1,"strategy":"attention","width":64,"modalities":[{"name":"text","dim":384}],
//	 "attributes":["brand:acme","cat:lipstick"],"id":true,"normalize":true,
//	 "layers":[{"in":64,"out":64,"activation":"none"}]}
//
// The modalities, in order, are the vector modalities, the attribute bag (when Attributes is not empty:
// the mean of the rows of the item's known attributes) and the ID embedding (when ID is set: always
// missing for a new item). Each is projected to Width values (a vector modality by its linear layer),
// then fused over the modalities the item has (a missing one is masked, never read as zeros):
// concat gives [p₁·m₁ … p_M·m_M, m₁ … m_M] (m the 0/1 mask); weighted gives Σ softmax(logits)ₖ·pₖ
// and attention Σ softmax(q·pₖ/√Width)ₖ·pₖ, both softmaxes over the present modalities; gated gives
// Σ σ(G·concat + g)ₖ·mₖ·pₖ. The layers and the L2 normalisation then run as in TowerSpec.
type ItemTowerSpec struct {
	Version    int                `json:"version"`
	Strategy   string             `json:"strategy"`
	Width      int                `json:"width"`
	Modalities []ItemModalitySpec `json:"modalities"`
	Attributes []string           `json:"attributes,omitempty"`
	ID         bool               `json:"id"`
	Layers     []TowerLayerSpec   `json:"layers"`
	Normalize  bool               `json:"normalize"`
}

// ItemModalitySpec names one vector modality of an ItemTowerSpec and its size.
type ItemModalitySpec struct {
	Name string `json:"name"`
	Dim  int    `json:"dim"`
}

// count is the number of modalities.
func (s ItemTowerSpec) count() int {
	m := len(s.Modalities)
	if len(s.Attributes) > 0 {
		m++
	}
	if s.ID {
		m++
	}
	return m
}

// fusedWidth is the size of the fusion's output (the first layer's input).
func (s ItemTowerSpec) fusedWidth() int {
	if s.Strategy == "concat" {
		return s.count()*s.Width + s.count()
	}
	return s.Width
}

func (s ItemTowerSpec) check(dim int) error {
	switch {
	case s.Version != 1:
		return fmtlite.Errorf("version %d (this runtime reads 1)", s.Version)
	case !slices.Contains([]string{"concat", "weighted", "attention", "gated"}, s.Strategy):
		return fmtlite.Errorf("unknown strategy %q", s.Strategy)
	case s.Width < 1 || s.Width > maxTowerWidth:
		return fmtlite.Errorf("width %d out of range", s.Width)
	case s.count() < 1 || s.count() > maxTowerLayers:
		return fmtlite.Errorf("%d modalities (want 1..%d)", s.count(), maxTowerLayers)
	case len(s.Layers) < 1 || len(s.Layers) > maxTowerLayers:
		return fmtlite.Errorf("%d layers (want 1..%d)", len(s.Layers), maxTowerLayers)
	}
	names := map[string]bool{}
	for _, md := range s.Modalities {
		if md.Name == "" || names[md.Name] || md.Dim < 1 || md.Dim > maxTowerWidth {
			return fmtlite.Errorf("modality %q of dim %d: empty, repeated or out of range", md.Name, md.Dim)
		}
		names[md.Name] = true
	}
	return checkLayers(s.Layers, s.fusedWidth(), dim)
}

// ItemTower is a bundle's multi-modal item tower: it computes the embedding of an item the bundle does
// not hold from the item's modality vectors and attributes (cold start). It is immutable and safe for
// concurrent use; its weights are views of the bundle's bytes, valid while the bundle is open.
type ItemTower struct {
	spec    ItemTowerSpec
	proj    []towerLayer // per vector modality
	attrs   []float32    // len(Attributes)×Width
	attrIdx map[string]int
	logits  []float32
	query   []float32
	gate    towerLayer
	layers  []towerLayer
	dim     int
}

// LoadItemTower reads the multi-modal item tower of a bundle (Engine.Bundle()); a bundle without one
// (or in the browser build, which lacks the JSON decoder) gives an error wrapping ErrBundle.
func LoadItemTower(b *modelpack.Bundle) (*ItemTower, error) {
	man := b.Manifest()
	raw, ok := man.Extra[ExtraItemTower]
	if !ok {
		return nil, fmtlite.Errorf("%w: the bundle has no item tower", ErrBundle)
	}
	s, err := ParseItemTowerSpec([]byte(raw), man.Dim)
	if err != nil {
		return nil, err
	}
	t := &ItemTower{spec: s, dim: man.Dim}
	for k, md := range s.Modalities {
		l, err := itemLayer(b, sectionItemModality+strconv.Itoa(k), md.Dim, s.Width, "none")
		if err != nil {
			return nil, err
		}
		t.proj = append(t.proj, l)
	}
	for k, ls := range s.Layers {
		l, err := itemLayer(b, sectionItemTower+strconv.Itoa(k), ls.In, ls.Out, ls.Activation)
		if err != nil {
			return nil, err
		}
		t.layers = append(t.layers, l)
	}
	if err := t.loadFusion(b); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *ItemTower) loadFusion(b *modelpack.Bundle) error {
	s, m := t.spec, t.spec.count()
	var err error
	if len(s.Attributes) > 0 {
		if t.attrs, err = itemSection(b, sectionItemAttrs, len(s.Attributes), s.Width); err != nil {
			return err
		}
		t.attrIdx = make(map[string]int, len(s.Attributes))
		for k, name := range s.Attributes {
			t.attrIdx[name] = k
		}
	}
	switch s.Strategy {
	case "weighted":
		t.logits, err = itemSection(b, sectionItemLogits, m)
	case "attention":
		t.query, err = itemSection(b, sectionItemQuery, s.Width)
	case "gated":
		t.gate, err = itemLayer(b, sectionItemGate, m*s.Width+m, m, "sigmoid")
	}
	return err
}

func itemLayer(b *modelpack.Bundle, name string, in, out int, act string) (towerLayer, error) {
	l := towerLayer{in: in, out: out}
	l.act, _ = activationNamed(act)
	var err error
	if l.w, err = itemSection(b, name+".weight", out, in); err != nil {
		return l, err
	}
	l.b, err = itemSection(b, name+".bias", out)
	return l, err
}

// itemSection reads an f32 section whose shape must be exactly shape.
func itemSection(b *modelpack.Bundle, name string, shape ...int) ([]float32, error) {
	v, got, err := b.F32(name)
	if err != nil {
		return nil, fmtlite.Errorf("%w: item tower: %w", ErrBundle, err)
	}
	if !slices.Equal(got, shape) {
		return nil, fmtlite.Errorf("%w: item tower section %q has shape %v, want %v", ErrBundle, name, got, shape)
	}
	return v, nil
}

// Spec is the tower's description.
func (t *ItemTower) Spec() ItemTowerSpec { return t.spec }
