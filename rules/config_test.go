package rules

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// decode reads JSON strictly, as a bundle's config would be read.
func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(&v))
	return v
}

// roundTrip checks that v survives JSON.
func roundTrip[T any](t *testing.T, v T) {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	require.Equal(t, v, decode[T](t, string(b)), "%s", b)
}

func TestConfigsJSON(t *testing.T) {
	roundTrip(t, BlocklistConfig{Name: "bl", Block: Match{Items: []string{"a"}, Categories: []string{"c"}, Tags: []string{"t"}}})
	roundTrip(t, FilterConfig{CategoryIn: []string{"x"}, CreatedAfter: now, MaxAge: Duration(36 * time.Hour),
		KeepUnknownAge: true, WithoutTags: []string{"nsfw"}})
	roundTrip(t, BoostConfig{Match: Match{Tags: []string{"sale"}}, Multiply: 1.5, Add: -0.25})
	roundTrip(t, FreshnessConfig{Weight: 0.3, HalfLife: Duration(72 * time.Hour), Multiplicative: true})
	roundTrip(t, DiversityConfig{By: GroupBy{Attribute: "tag", TagPrefix: "genre:"}, MaxPerGroup: 2, Window: 10, Drop: true})
	roundTrip(t, MMRConfig{Lambda: 0.6, Window: 20})
	roundTrip(t, FairnessConfig{Shares: map[string]float64{"indie": 0.3}, Minimum: map[string]int{"local": 1}})
	roundTrip(t, PinConfig{Pins: []PinEntry{{Item: "promo", Position: 0}}})

	f := decode[FreshnessConfig](t, `{"weight": 0.5, "half_life": "48h"}`)
	require.Equal(t, Duration(48*time.Hour), f.HalfLife)
	f = decode[FreshnessConfig](t, `{"half_life": 3600}`)
	require.Equal(t, Duration(time.Hour), f.HalfLife)
	require.Equal(t, "1h0m0s", f.HalfLife.String())
	var d Duration
	require.Error(t, json.Unmarshal([]byte(`"soon"`), &d))
	require.Error(t, json.Unmarshal([]byte(`true`), &d))
	require.Error(t, json.Unmarshal([]byte(`1e300`), &d))
	require.Equal(t, FilterConfig{}, decode[FilterConfig](t, `{}`))
}
