package runtime

import (
	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/strictjson"
)

// ParseTowerSpec decodes and checks a tower description (unknown keys, trailing data and versions other
// than 1 are refused) for a bundle whose embeddings have dimension dim. It uses internal/strictjson, so the
// browser build reads user towers too.
func ParseTowerSpec(raw []byte, dim int) (TowerSpec, error) {
	var s TowerSpec
	if err := strictjson.Decode(raw, s.decode); err != nil {
		return s, fmtlite.Errorf("%w: user tower description: %w", ErrBundle, err)
	}
	if err := s.check(dim); err != nil {
		return s, fmtlite.Errorf("%w: user tower description: %w", ErrBundle, err)
	}
	return s, nil
}

// ParseItemTowerSpec decodes and checks an item tower description (unknown keys, trailing data and
// versions other than 1 are refused) for a bundle whose embeddings have dimension dim.
func ParseItemTowerSpec(raw []byte, dim int) (ItemTowerSpec, error) {
	var s ItemTowerSpec
	if err := strictjson.Decode(raw, s.decode); err != nil {
		return s, fmtlite.Errorf("%w: item tower description: %w", ErrBundle, err)
	}
	if err := s.check(dim); err != nil {
		return s, fmtlite.Errorf("%w: item tower description: %w", ErrBundle, err)
	}
	return s, nil
}

// The decode methods read their type's JSON (its json tags) as encoding/json would with
// DisallowUnknownFields; tower_spec_decode_test.go holds them to it.

func (s *TowerSpec) decode(d *strictjson.Decoder) error {
	names := []string{"version", "id_dim", "features", "layers", "normalize", "unknown", "history", "history_add"}
	return d.Object(names, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.Int(&s.Version)
		case 1:
			return d.Int(&s.IDDim)
		case 2:
			return d.Int(&s.Features)
		case 3:
			return strictjson.Slice(d, &s.Layers, (*TowerLayerSpec).decode)
		case 4:
			return d.Bool(&s.Normalize)
		case 5:
			return d.String(&s.Unknown)
		case 6:
			return d.Int(&s.History)
		}
		return d.Bool(&s.HistoryAdd)
	})
}

func (l *TowerLayerSpec) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"in", "out", "activation"}, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.Int(&l.In)
		case 1:
			return d.Int(&l.Out)
		}
		return d.String(&l.Activation)
	})
}

func (s *ItemTowerSpec) decode(d *strictjson.Decoder) error {
	names := []string{"version", "strategy", "width", "modalities", "attributes", "id", "layers", "normalize"}
	return d.Object(names, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.Int(&s.Version)
		case 1:
			return d.String(&s.Strategy)
		case 2:
			return d.Int(&s.Width)
		case 3:
			return strictjson.Slice(d, &s.Modalities, (*ItemModalitySpec).decode)
		case 4:
			return d.Strings(&s.Attributes)
		case 5:
			return d.Bool(&s.ID)
		case 6:
			return strictjson.Slice(d, &s.Layers, (*TowerLayerSpec).decode)
		}
		return d.Bool(&s.Normalize)
	})
}

func (m *ItemModalitySpec) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"name", "dim"}, func(d *strictjson.Decoder, i int) error {
		if i == 0 {
			return d.String(&m.Name)
		}
		return d.Int(&m.Dim)
	})
}
