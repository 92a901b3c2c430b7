package twotower

import (
	"encoding/json"
	"fmt"
	"maps"
	"strconv"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/train"
)

// towerSpec is the JSON description of the user tower stored in Manifest.Extra["tower.user"] (see
// runtime/tower.go, which reads it). The tower's input is [ID embedding (IDDim values), standardised
// features (Features values)]; layer k computes act(W·x + b) with W of Out×In.
type towerSpec struct {
	Version   int         `json:"version"`
	IDDim     int         `json:"id_dim"`
	Features  int         `json:"features"`
	Layers    []layerSpec `json:"layers"`
	Normalize bool        `json:"normalize"`
	// Unknown says how the unknown-id row came about: "learned" (ID dropout) or "mean" (of the trained
	// rows). Informational.
	Unknown string `json:"unknown,omitempty"`
	// History is the width of the history input (TowerConfig.History; 0: none), HistoryAdd whether it is
	// added to the ID row (an identity tower) rather than placed after it.
	History    int  `json:"history,omitempty"`
	HistoryAdd bool `json:"history_add,omitempty"`
}

type layerSpec struct {
	In         int    `json:"in"`
	Out        int    `json:"out"`
	Activation string `json:"activation"`
}

// Builder packs the model: it fills e's item and user vectors, dimension, kind and metric from the model
// and returns e.Builder(opt) with the user tower added when the tower reads features or a history (an
// ID-only tower has nothing to compute for an unknown user; a history tower's table is section
// modelpack.SectionUserTowerHistory, so the runtime encodes a request's history as EncodeHistory does).
// e must carry the ids (ItemIDs, UserIDs in the model's index order) and may carry Seen, Popularity,
// Attributes and the rest of the Manifest. The tower is stored in f32 whatever opt says: sections
// "tower.user.K.weight" / ".bias" per layer, the unknown-id row, the known users' ID embeddings (when the
// tower has them, so known users can be re-encoded with new features) and the feature standardisation
// (modelpack.SectionUserTower*).
func (m *Model) Builder(e train.Embeddings, opt train.PackOptions) (*modelpack.Builder, error) {
	e.Manifest.Kind = modelpack.KindTwoTower
	e.Manifest.Metric = modelpack.MetricDot
	e.Dim, e.Items, e.Users = m.Config.Dim, m.Items, m.Users
	if err := m.addItemTower(&e); err != nil {
		return nil, err
	}
	t := m.user
	hasTower := t.featDim > 0 || t.hist != nil
	if hasTower {
		spec, err := json.Marshal(t.spec())
		if err != nil {
			return nil, fmt.Errorf("twotower: %w", err)
		}
		e.Manifest.Extra = maps.Clone(e.Manifest.Extra)
		if e.Manifest.Extra == nil {
			e.Manifest.Extra = map[string]string{}
		}
		e.Manifest.Extra[modelpack.ExtraUserTower] = string(spec)
	}
	b, err := e.Builder(opt)
	if err != nil {
		return nil, err
	}
	if hasTower {
		if err := t.addSections(b); err != nil {
			return nil, fmt.Errorf("twotower: %w", err)
		}
	}
	if m.item.fuse != nil {
		if err := m.item.addFusionSections(b); err != nil {
			return nil, fmt.Errorf("twotower: %w", err)
		}
	}
	return b, nil
}

func (t *tower) spec() towerSpec {
	s := towerSpec{Version: 1, Features: t.featDim, Normalize: t.normalize, Layers: []layerSpec{}}
	if t.hist != nil {
		s.History, s.HistoryAdd = t.hist.table.Cols, t.cfg.Identity
	}
	if t.emb != nil {
		s.IDDim = t.emb.Cols
		s.Unknown = "mean"
		if t.cfg.IDDropout > 0 {
			s.Unknown = "learned"
		}
	}
	for _, l := range t.layers {
		s.Layers = append(s.Layers, layerSpec{In: l.w.Cols, Out: l.w.Rows, Activation: l.act.String()})
	}
	return s
}

func (t *tower) addSections(b *modelpack.Builder) error {
	for k, l := range t.layers {
		p := modelpack.SectionUserTower + strconv.Itoa(k)
		if err := b.AddF32(p+".weight", []int{l.w.Rows, l.w.Cols}, l.w.Data); err != nil {
			return err
		}
		if err := b.AddF32(p+".bias", []int{l.b.Len()}, l.b.Data); err != nil {
			return err
		}
	}
	if t.featDim > 0 {
		if err := b.AddF32(modelpack.SectionUserTowerMean, []int{t.featDim}, t.mean); err != nil {
			return err
		}
		if err := b.AddF32(modelpack.SectionUserTowerInvStd, []int{t.featDim}, t.invStd); err != nil {
			return err
		}
	}
	if h := t.hist; h != nil {
		table := modelpack.Matrix{Rows: h.table.Rows, Cols: h.table.Cols, Quant: modelpack.QuantF32, F32: h.table.Data}
		if err := b.AddMatrix(modelpack.SectionUserTowerHistory, table); err != nil {
			return err
		}
	}
	if t.emb == nil {
		return nil
	}
	d := t.emb.Cols
	if err := b.AddF32(modelpack.SectionUserTowerUnknown, []int{d}, t.emb.Row(t.n)); err != nil {
		return err
	}
	ids := modelpack.Matrix{Rows: t.n, Cols: d, Quant: modelpack.QuantF32, F32: t.emb.Data[:t.n*d]}
	return b.AddMatrix(modelpack.SectionUserTowerIDs, ids)
}
