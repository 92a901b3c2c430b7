package runtime

import (
	"strconv"
	"sync"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/modelpack"
)

// Limits on a user tower's description: larger values are refused as a damaged bundle.
const (
	maxTowerLayers = 64
	maxTowerWidth  = 1 << 16
)

// TowerSpec is the user tower's description, stored as JSON in Manifest.Extra["tower.user"]
// (modelpack.ExtraUserTower) by the Two-Tower trainer:
//
//	{"version":1,"id_dim":64,"features":16,"normalize":true,"unknown":"mean",
//	 "layers":[{"in":80,"out":128,"activation":"relu"},{"in":128,"out":64,"activation":"none"}]}
//
// The tower's input is the user's ID-embedding row (IDDim values: the row of a known user from the
// section "tower.user.ids", else the unknown-id row "tower.user.unknown") followed by the request's
// features standardised as (x − mean)·inv_std ("tower.user.features.mean", ".inv_std"). Layer k computes
// act(W·x + b) with W = "tower.user.K.weight" (Out×In) and b = "tower.user.K.bias"; the last layer's
// output (the bundle's dimension) is L2-normalised when Normalize is set. Activations: none, relu, gelu
// (erf form), gelu_tanh, tanh, sigmoid.
//
// A tower may read the user's history instead of features (History > 0, Features 0: the Two-Tower
// trainer's TowerConfig.History, the YouTube DNN's watch history): the mean of the rows of
// "tower.user.history" (items × History, in the bundle's item order) over the request's History items
// follows the ID row, or with HistoryAdd is added to it (an identity tower: IDDim = History and no
// layers, the output being that sum).
type TowerSpec struct {
	Version   int              `json:"version"`
	IDDim     int              `json:"id_dim"`
	Features  int              `json:"features"`
	Layers    []TowerLayerSpec `json:"layers"`
	Normalize bool             `json:"normalize"`
	// Unknown says how the unknown-id row was made: "learned" (trained with ID dropout) or "mean" (the
	// mean of the trained rows). Informational.
	Unknown string `json:"unknown,omitempty"`
	// History is the width of the history input; 0 for none.
	History int `json:"history,omitempty"`
	// HistoryAdd adds the history mean to the ID row instead of placing it after the row.
	HistoryAdd bool `json:"history_add,omitempty"`
}

// TowerLayerSpec is one dense layer of a TowerSpec.
type TowerLayerSpec struct {
	In         int    `json:"in"`
	Out        int    `json:"out"`
	Activation string `json:"activation"`
}

func (s TowerSpec) check(dim int) error {
	switch {
	case s.Version != 1:
		return fmtlite.Errorf("version %d (this runtime reads 1)", s.Version)
	case s.IDDim < 0 || s.IDDim > maxTowerWidth || s.Features < 0 || s.Features > maxTowerWidth ||
		s.History < 0 || s.History > maxTowerWidth || (s.Features > 0) == (s.History > 0) ||
		s.HistoryAdd && (s.IDDim != s.History || len(s.Layers) > 0):
		return fmtlite.Errorf("id_dim %d, features %d, history %d, history_add %v: want widths up to 65536, features "+
			"or a history, and an added history as wide as the id row with no layers", s.IDDim, s.Features, s.History, s.HistoryAdd)
	case len(s.Layers) > maxTowerLayers || len(s.Layers) == 0 && !s.HistoryAdd:
		return fmtlite.Errorf("%d layers (want 1..%d)", len(s.Layers), maxTowerLayers)
	}
	return checkLayers(s.Layers, s.inputWidth(), dim)
}

// inputWidth is the number of values the first layer reads.
func (s TowerSpec) inputWidth() int {
	if s.HistoryAdd {
		return s.IDDim
	}
	return s.IDDim + s.Features + s.History
}

// checkLayers checks that layers chain from in values to dim (the item embeddings' width), each with a
// known activation and a width in range: the check the user and item towers share.
func checkLayers(layers []TowerLayerSpec, in, dim int) error {
	for k, l := range layers {
		if l.In != in || l.Out < 1 || l.Out > maxTowerWidth {
			return fmtlite.Errorf("layer %d is %d→%d, its input has %d values", k, l.In, l.Out, in)
		}
		if _, ok := activationNamed(l.Activation); !ok {
			return fmtlite.Errorf("layer %d: unknown activation %q", k, l.Activation)
		}
		in = l.Out
	}
	if in != dim {
		return fmtlite.Errorf("output has %d values, the item embeddings %d", in, dim)
	}
	return nil
}

// userTower is a bundle's user tower, ready to encode requests.
type userTower struct {
	spec         TowerSpec
	layers       []towerLayer
	mean, invStd []float32
	unknown      []float32         // len IDDim
	ids          *modelpack.Matrix // known users' ID rows; nil when the bundle has none
	hist         *modelpack.Matrix // the history table (items × History); nil without a history input
	width        int               // the widest layer input or output, at least IDDim + History
	bufs         sync.Pool         // *[]float32 of 2·width
}

type towerLayer struct {
	w, b    []float32
	in, out int
	act     activation
}

// loadUserTower reads the user tower of a bundle, or returns nil when the bundle has none.
func loadUserTower(b *modelpack.Bundle, man modelpack.Manifest, numUsers, numItems, dim int) (*userTower, error) {
	raw, ok := man.Extra[modelpack.ExtraUserTower]
	if !ok {
		return nil, nil
	}
	s, err := ParseTowerSpec([]byte(raw), dim)
	if err != nil {
		return nil, err
	}
	t := &userTower{spec: s, width: s.IDDim + s.Features + s.History}
	for k, l := range s.Layers {
		p := modelpack.SectionUserTower + strconv.Itoa(k)
		tl := towerLayer{in: l.In, out: l.Out}
		tl.act, _ = activationNamed(l.Activation)
		if tl.w, err = vectorSection(b, p+".weight", l.Out, l.In); err != nil {
			return nil, err
		}
		if tl.b, err = vectorSection(b, p+".bias", l.Out); err != nil {
			return nil, err
		}
		t.layers = append(t.layers, tl)
		t.width = max(t.width, l.Out)
	}
	if s.Features > 0 {
		if t.mean, err = vectorSection(b, modelpack.SectionUserTowerMean, s.Features); err != nil {
			return nil, err
		}
		if t.invStd, err = vectorSection(b, modelpack.SectionUserTowerInvStd, s.Features); err != nil {
			return nil, err
		}
	}
	if s.History > 0 {
		if t.hist, err = matrixSection(b, modelpack.SectionUserTowerHistory, numItems, s.History); err != nil {
			return nil, err
		}
	}
	if s.IDDim > 0 {
		if err := t.loadIDs(b, numUsers); err != nil {
			return nil, err
		}
	}
	return t, nil
}

func (t *userTower) loadIDs(b *modelpack.Bundle, numUsers int) error {
	var err error
	if t.unknown, err = vectorSection(b, modelpack.SectionUserTowerUnknown, t.spec.IDDim); err != nil {
		return err
	}
	if !b.HasObject(modelpack.SectionUserTowerIDs) {
		return nil
	}
	t.ids, err = matrixSection(b, modelpack.SectionUserTowerIDs, numUsers, t.spec.IDDim)
	return err
}

// matrixSection reads a matrix section whose shape must be rows × cols.
func matrixSection(b *modelpack.Bundle, name string, rows, cols int) (*modelpack.Matrix, error) {
	m, err := b.Matrix(name)
	if err != nil {
		return nil, bundleError(err)
	}
	if m.Rows != rows || m.Cols != cols {
		return nil, fmtlite.Errorf("%w: user tower section %q is %d×%d, want %d×%d", ErrBundle, name, m.Rows, m.Cols, rows, cols)
	}
	return &m, nil
}

// vectorSection reads an f32 section whose shape must be exactly shape.
func vectorSection(b *modelpack.Bundle, name string, shape ...int) ([]float32, error) {
	v, got, err := b.F32(name)
	if err != nil {
		return nil, fmtlite.Errorf("%w: user tower: %w", ErrBundle, err)
	}
	if len(got) != len(shape) {
		return nil, fmtlite.Errorf("%w: user tower section %q has shape %v, want %v", ErrBundle, name, got, shape)
	}
	for k := range shape {
		if got[k] != shape[k] {
			return nil, fmtlite.Errorf("%w: user tower section %q has shape %v, want %v", ErrBundle, name, got, shape)
		}
	}
	return v, nil
}
