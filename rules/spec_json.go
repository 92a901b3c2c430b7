package rules

import (
	"github.com/corerec/corerec/internal/strictjson"
)

// The decode methods read their type's JSON (its json tags) as encoding/json would with
// DisallowUnknownFields; spec_json_test.go holds them to it.

func (cs *ChainSpec) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"rules"}, func(d *strictjson.Decoder, _ int) error {
		return strictjson.Slice(d, &cs.Rules, (*RuleSpec).decode)
	})
}

func (rs *RuleSpec) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"kind", "name", "off", "config"}, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.String(&rs.Kind)
		case 1:
			return d.String(&rs.Name)
		case 2:
			return d.Bool(&rs.Off)
		}
		return raw(d, rs.Config.UnmarshalJSON)
	})
}

// raw reads a value for a type's own UnmarshalJSON, as encoding/json would call it.
func raw(d *strictjson.Decoder, unmarshal func([]byte) error) error {
	b, err := d.Raw()
	if err != nil {
		return err
	}
	return unmarshal(b)
}

func (m *Match) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"items", "categories", "tags"}, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.Strings(&m.Items)
		case 1:
			return d.Strings(&m.Categories)
		}
		return d.Strings(&m.Tags)
	})
}

func (g *GroupBy) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"attribute", "tag_prefix"}, func(d *strictjson.Decoder, i int) error {
		if i == 0 {
			return d.String(&g.Attribute)
		}
		return d.String(&g.TagPrefix)
	})
}

func (c *BlocklistConfig) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"name", "block"}, func(d *strictjson.Decoder, i int) error {
		if i == 0 {
			return d.String(&c.Name)
		}
		return c.Block.decode(d)
	})
}

func (c *FilterConfig) decode(d *strictjson.Decoder) error {
	names := []string{"name", "category_in", "category_not_in", "created_after", "created_before", "max_age",
		"keep_unknown_age", "with_tags", "without_tags"}
	return d.Object(names, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.String(&c.Name)
		case 1:
			return d.Strings(&c.CategoryIn)
		case 2:
			return d.Strings(&c.CategoryNotIn)
		case 3:
			return d.Time(&c.CreatedAfter)
		case 4:
			return d.Time(&c.CreatedBefore)
		case 5:
			return raw(d, c.MaxAge.UnmarshalJSON)
		case 6:
			return d.Bool(&c.KeepUnknownAge)
		case 7:
			return d.Strings(&c.WithTags)
		}
		return d.Strings(&c.WithoutTags)
	})
}

func (p *PinEntry) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"item", "position"}, func(d *strictjson.Decoder, i int) error {
		if i == 0 {
			return d.String(&p.Item)
		}
		return d.Int(&p.Position)
	})
}

func (c *PinConfig) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"name", "pins"}, func(d *strictjson.Decoder, i int) error {
		if i == 0 {
			return d.String(&c.Name)
		}
		return strictjson.Slice(d, &c.Pins, (*PinEntry).decode)
	})
}

func (c *DiversityConfig) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"name", "by", "max_per_group", "window", "drop"}, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.String(&c.Name)
		case 1:
			return c.By.decode(d)
		case 2:
			return d.Int(&c.MaxPerGroup)
		case 3:
			return d.Int(&c.Window)
		}
		return d.Bool(&c.Drop)
	})
}

func (c *MMRConfig) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"name", "lambda", "window"}, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.String(&c.Name)
		case 1:
			return d.Float64(&c.Lambda)
		}
		return d.Int(&c.Window)
	})
}

func (c *FairnessConfig) decode(d *strictjson.Decoder) error {
	names := []string{"name", "by", "window", "shares", "proportional", "minimum"}
	return d.Object(names, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.String(&c.Name)
		case 1:
			return c.By.decode(d)
		case 2:
			return d.Int(&c.Window)
		case 3:
			return strictjson.Map(d, &c.Shares, func(v *float64, d *strictjson.Decoder) error { return d.Float64(v) })
		case 4:
			return d.Bool(&c.Proportional)
		}
		return strictjson.Map(d, &c.Minimum, func(v *int, d *strictjson.Decoder) error { return d.Int(v) })
	})
}

func (c *BoostConfig) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"name", "match", "multiply", "add"}, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.String(&c.Name)
		case 1:
			return c.Match.decode(d)
		case 2:
			return d.Float64(&c.Multiply)
		}
		return d.Float64(&c.Add)
	})
}

func (c *FreshnessConfig) decode(d *strictjson.Decoder) error {
	return d.Object([]string{"name", "weight", "half_life", "multiplicative"}, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.String(&c.Name)
		case 1:
			return d.Float64(&c.Weight)
		case 2:
			return raw(d, c.HalfLife.UnmarshalJSON)
		}
		return d.Bool(&c.Multiplicative)
	})
}

func (c *PluginConfig) decode(d *strictjson.Decoder) error {
	names := []string{"section", "fuel", "memory_pages", "policy", "config", "config_f32"}
	return d.Object(names, func(d *strictjson.Decoder, i int) error {
		switch i {
		case 0:
			return d.String(&c.Section)
		case 1:
			return d.Int64(&c.Fuel)
		case 2:
			return d.Uint32(&c.MemoryPages)
		case 3:
			return d.String(&c.Policy)
		case 4:
			return d.String(&c.Config)
		}
		return d.Float32s(&c.ConfigF32)
	})
}
