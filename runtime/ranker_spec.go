package runtime

import (
	"slices"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/strictjson"
)

// Field kinds of a RankSpec.
const (
	FieldCategorical = "cat"   // one value from a vocabulary (user id, gender, ...)
	FieldMultiHot    = "multi" // a set of values from a vocabulary (genres, tags), mean of their embeddings
	FieldDense       = "dense" // one float, used as (x − Shift)·Scale
)

// Field sides of a RankSpec: whose attribute a field is.
const (
	SideUser = "user"
	SideItem = "item"
)

// Ranking model kinds.
const (
	RankDCN    = "dcn"    // DCN-v2: cross network and deep network
	RankDeepFM = "deepfm" // DeepFM: first order + FM + deep network
	RankLR     = "lr"     // logistic regression on the same features (first order only)
)

// RankSpec is a ranking model's feature spec and architecture, stored as JSON in the bundle section
// modelpack.SectionRankSpec. The trainer and the runtime build a model's input from it in the same way:
//
//	x0 = [emb(cat and multi fields, in spec order) | (dense − Shift)·Scale (in spec order)]
//
// where emb of a categorical field is its table's row for the value's code (code 0 for an unknown or missing
// value) and emb of a multi-hot field is the mean of its known values' rows (a zero row when none is known).
type RankSpec struct {
	Format   int         `json:"format"` // 1
	Model    string      `json:"model"`  // RankDCN, RankDeepFM, RankLR
	Fields   []RankField `json:"fields"`
	UserKey  string      `json:"user_key"`  // the categorical user field whose vocabulary lists the users
	ItemKey  string      `json:"item_key"`  // the categorical item field whose vocabulary lists the items
	EmbedDim int         `json:"embed_dim"` // k, the width of every field embedding
	// Cross configures DCN-v2's cross network (ignored by other models).
	Cross CrossSpec `json:"cross"`
	// Deep lists the hidden widths of the deep network (ReLU); empty for none.
	Deep []int `json:"deep"`
	// Stacked feeds the cross network's output into the deep network (DCN-v2 "stacked"); otherwise the two
	// run side by side on x0 and their outputs are concatenated ("parallel").
	Stacked bool `json:"stacked"`
}

// RankField is one input field.
type RankField struct {
	Name  string  `json:"name"`
	Kind  string  `json:"kind"`            // FieldCategorical, FieldMultiHot, FieldDense
	Side  string  `json:"side"`            // SideUser, SideItem
	Vocab int     `json:"vocab,omitempty"` // categorical and multi-hot: table rows, reserved code 0 included
	Shift float32 `json:"shift,omitempty"` // dense
	Scale float32 `json:"scale,omitempty"` // dense
}

// CrossSpec configures DCN-v2's cross layers.
type CrossSpec struct {
	Layers  int `json:"layers"`
	Rank    int `json:"rank,omitempty"`    // 0: full-rank W (d×d); r > 0: low-rank U·V of rank r
	Experts int `json:"experts,omitempty"` // low-rank only: mixture of this many experts (0 or 1: one)
}

// Embedded reports whether a field has an embedding table.
func (f RankField) Embedded() bool { return f.Kind == FieldCategorical || f.Kind == FieldMultiHot }

// InputDim is the width of x0.
func (s *RankSpec) InputDim() int {
	d := 0
	for _, f := range s.Fields {
		if f.Embedded() {
			d += s.EmbedDim
		} else {
			d++
		}
	}
	return d
}

// NumEmbedded is the number of fields with an embedding table.
func (s *RankSpec) NumEmbedded() int {
	n := 0
	for _, f := range s.Fields {
		if f.Embedded() {
			n++
		}
	}
	return n
}

// maxSpecWidth bounds every size in a spec read from a bundle, so a hostile spec cannot ask for a huge
// allocation; the weights' sections, checked against the spec, bound the rest.
const maxSpecWidth = 1 << 16

// ParseRankSpec decodes and checks a spec (unknown keys and trailing data are rejected).
func ParseRankSpec(data []byte) (*RankSpec, error) {
	var s RankSpec
	if err := strictjson.Decode(data, s.decode); err != nil {
		return nil, fmtlite.Errorf("%w: rank spec: %w", ErrBundle, err)
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// Validate checks that the spec describes a model the runtime can build.
func (s *RankSpec) Validate() error {
	bad := func(format string, a ...any) error { return specError(format, a) }
	if s.Format != 1 {
		return bad("format %d (want 1)", s.Format)
	}
	if !slices.Contains([]string{RankDCN, RankDeepFM, RankLR}, s.Model) {
		return bad("model %q", s.Model)
	}
	if s.EmbedDim < 1 || s.EmbedDim > maxSpecWidth || len(s.Fields) == 0 || len(s.Fields) > 256 {
		return bad("embed_dim %d with %d fields", s.EmbedDim, len(s.Fields))
	}
	seen := map[string]bool{}
	for _, f := range s.Fields {
		if err := f.validate(seen); err != nil {
			return bad("%v", err)
		}
	}
	for _, key := range []struct{ name, side string }{{s.UserKey, SideUser}, {s.ItemKey, SideItem}} {
		i := s.fieldIndex(key.name)
		if i < 0 || s.Fields[i].Kind != FieldCategorical || s.Fields[i].Side != key.side {
			return bad("key %q is not a categorical %s field", key.name, key.side)
		}
	}
	c := s.Cross
	if c.Layers < 0 || c.Layers > 64 || c.Rank < 0 || c.Rank > maxSpecWidth || c.Experts < 0 || c.Experts > 64 ||
		(c.Experts > 1 && c.Rank == 0) {
		return bad("cross {Layers:%d Rank:%d Experts:%d}", c.Layers, c.Rank, c.Experts) // fmt's %+v
	}
	if len(s.Deep) > 64 {
		return bad("%d deep layers", len(s.Deep))
	}
	for _, h := range s.Deep {
		if h < 1 || h > maxSpecWidth {
			return bad("deep width %d", h)
		}
	}
	if s.Model == RankDCN && c.Layers == 0 && len(s.Deep) == 0 {
		return bad("dcn with neither cross nor deep layers")
	}
	return nil
}

// specError is Validate's error (not inlined: cold, with nine call sites).
//
//go:noinline
func specError(format string, a []any) error {
	return fmtlite.Errorf("%w: rank spec: %s", ErrBundle, fmtlite.Sprintf(format, a...))
}

func (f RankField) validate(seen map[string]bool) error {
	if f.Name == "" || seen[f.Name] {
		return fmtlite.Errorf("field name %q empty or repeated", f.Name)
	}
	seen[f.Name] = true
	if f.Side != SideUser && f.Side != SideItem {
		return fmtlite.Errorf("field %q: side %q", f.Name, f.Side)
	}
	switch f.Kind {
	case FieldCategorical, FieldMultiHot:
		if f.Vocab < 1 || f.Vocab > 1<<30 {
			return fmtlite.Errorf("field %q: vocab %d", f.Name, f.Vocab)
		}
	case FieldDense:
	default:
		return fmtlite.Errorf("field %q: kind %q", f.Name, f.Kind)
	}
	return nil
}

func (s *RankSpec) fieldIndex(name string) int {
	return slices.IndexFunc(s.Fields, func(f RankField) bool { return f.Name == name })
}

// experts is the number of cross experts (1 for full rank).
func (c CrossSpec) experts() int { return max(c.Experts, 1) }
