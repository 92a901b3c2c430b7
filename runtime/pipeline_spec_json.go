package runtime

import (
	"time"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/strictjson"
)

// MarshalJSON writes the duration as a string, "5ms".
func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Duration(d).String() + `"`), nil // no quote or backslash to escape
}

// UnmarshalJSON reads a duration string ("2.5ms") or a number of milliseconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := strictjson.Decode(b, func(d *strictjson.Decoder) error { return d.String(&s) }); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return fmtlite.Errorf("duration %q: %w", s, err)
		}
		*d = Duration(v)
		return nil
	}
	var ms float64
	if err := strictjson.Decode(b, func(d *strictjson.Decoder) error { return d.Float64(&ms) }); err != nil {
		return fmtlite.Errorf("duration %s: want a string like \"5ms\" or a number of milliseconds", b)
	}
	if ms > 1e12 || ms < -1e12 {
		return fmtlite.Errorf("duration %v ms is out of range", ms)
	}
	*d = Duration(ms * float64(time.Millisecond))
	return nil
}

// ParsePipelineSpec decodes and checks a spec (unknown keys and trailing data are rejected); errors wrap
// ErrBundle.
func ParsePipelineSpec(data []byte) (*PipelineSpec, error) {
	var s PipelineSpec
	if err := strictjson.Decode(data, s.decode); err != nil {
		return nil, fmtlite.Errorf("%w: pipeline spec: %w", ErrBundle, err)
	}
	if err := s.Validate(); err != nil {
		return nil, bundleError(err)
	}
	return &s, nil
}

// The decode methods read their type's JSON (its json tags) as encoding/json would with
// DisallowUnknownFields; pipeline_spec_json_test.go holds them to it.

func (s *PipelineSpec) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"format", "retrievers", "fusion", "rrf_k", "rank", "rerank"}, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.Int(&s.Format)
		case 1:
			return strictjson.Slice(d, &s.Retrievers, (*RetrieverSpec).decode)
		case 2:
			return d.String(&s.Fusion)
		case 3:
			return d.Float64(&s.RRFK)
		case 4:
			return s.Rank.decode(d)
		}
		return s.Rerank.decode(d)
	})
}

func (r *RetrieverSpec) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"kind", "candidates", "weight", "per_item", "max_history"}, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.String(&r.Kind)
		case 1:
			return d.Int(&r.Candidates)
		case 2:
			return d.Float64(&r.Weight)
		case 3:
			return d.Int(&r.PerItem)
		}
		return d.Int(&r.MaxHistory)
	})
}

func (r *RankStageSpec) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"off", "keep", "budget", "blend"}, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.Bool(&r.Off)
		case 1:
			return d.Int(&r.Keep)
		case 2:
			return r.Budget.decode(d)
		}
		return d.Float64(&r.Blend)
	})
}

func (r *RerankStageSpec) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"off", "budget"}, func(d *strictjson.Decoder, i int) error {
		if i == 0 {
			return d.Bool(&r.Off)
		}
		return r.Budget.decode(d)
	})
}

func (x *Duration) decode(d *strictjson.Decoder) error {
	raw, err := d.Raw()
	if err != nil {
		return err
	}
	return x.UnmarshalJSON(raw)
}

func (s *RankSpec) decode(d *strictjson.Decoder) error {
	names := []string{"format", "model", "fields", "user_key", "item_key", "embed_dim", "cross", "deep", "stacked"}
	return d.Object(names, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.Int(&s.Format)
		case 1:
			return d.String(&s.Model)
		case 2:
			return strictjson.Slice(d, &s.Fields, (*RankField).decode)
		case 3:
			return d.String(&s.UserKey)
		case 4:
			return d.String(&s.ItemKey)
		case 5:
			return d.Int(&s.EmbedDim)
		case 6:
			return s.Cross.decode(d)
		case 7:
			return d.Ints(&s.Deep)
		}
		return d.Bool(&s.Stacked)
	})
}

func (f *RankField) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"name", "kind", "side", "vocab", "shift", "scale"}, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.String(&f.Name)
		case 1:
			return d.String(&f.Kind)
		case 2:
			return d.String(&f.Side)
		case 3:
			return d.Int(&f.Vocab)
		case 4:
			return d.Float32(&f.Shift)
		}
		return d.Float32(&f.Scale)
	})
}

func (c *CrossSpec) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"layers", "rank", "experts"}, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.Int(&c.Layers)
		case 1:
			return d.Int(&c.Rank)
		}
		return d.Int(&c.Experts)
	})
}
