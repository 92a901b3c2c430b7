package rules

import (
	"strings"
	"testing"

	"github.com/corerec/corerec/internal/strictjson"
	"github.com/corerec/corerec/internal/strictjson/jsontest"
)

// specJSONSeeds are rules specs and rule configs, good and bad, for the differential test against
// encoding/json.
var specJSONSeeds = []string{
	`{"rules":[{"kind":"blocklist","config":{"block":{"items":["i1","i2"],"categories":["c3"],"tags":["nsfw"]}}},{"kind":"freshness","config":{"weight":0.5,"half_life":"48h"}},{"kind":"diversity","name":"div","config":{"max_per_group":2,"by":{"attribute":"brand"}}},{"kind":"pin","config":{"pins":[{"item":"i6","position":0}]}},{"kind":"boost","name":"promo","off":true,"config":{"match":{"tags":["promo"]},"add":100}}]}`,
	`{"rules":[{"kind":"plugin","name":"fresh","config":{"fuel":2000000,"policy":"skip"}}],"rules":[]}`,
	`{"block":{"items":["a"]},"name":"b"}`,
	`{"category_in":["a"],"category_not_in":["b"],"created_after":"2024-01-02T03:04:05Z","created_before":"2025-01-01T00:00:00+02:00","max_age":"72h","keep_unknown_age":true,"with_tags":["x"],"without_tags":["y"]}`,
	`{"created_after":"2024-01-02T3:04:05Z"}`, `{"created_after":null,"max_age":null}`, `{"max_age":3600}`,
	`{"pins":[{"item":"a","position":1}],"pins":[{"item":"b"}]}`,
	`{"max_per_group":1,"window":10,"drop":true,"by":{"tag_prefix":"brand:"}}`,
	`{"lambda":0.7,"window":20}`,
	`{"shares":{"a":0.5,"b":0.5},"minimum":{"a":1},"proportional":true,"window":10,"shares":{"c":1}}`,
	`{"match":{"categories":["ads"]},"multiply":1.5,"add":-2}`,
	`{"weight":0.3,"half_life":3600,"multiplicative":true}`, `{"half_life":"1x"}`, `{"half_life":1e300}`,
	`{"section":"plugin.x","fuel":2000000,"memory_pages":16,"policy":"fail","config":"abc","config_f32":[1.5,-2,3e-3]}`,
	`{"fuel":-1,"memory_pages":4294967296}`, `{"NAME":"x","Block":{"ITEMS":["a"]}}`, `{"name":"x","nope":1}`,
	`null`, `{}`, `[]`, `"5ms"`, `2.5`,
}

func FuzzSpecJSON(f *testing.F) {
	for _, s := range specJSONSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { sameSpecJSON(t, data) })
}

func TestSpecJSONSameAsEncodingJSON(t *testing.T) {
	for _, s := range specJSONSeeds {
		t.Run(s, func(t *testing.T) { sameSpecJSON(t, []byte(s)) })
	}
}

// timestampNarrowing excuses the timestamps strictjson refuses on purpose (strictjson.Decoder.Time).
func timestampNarrowing(err error) bool {
	return strings.Contains(err.Error(), strictjson.ErrTimestamp.Error())
}

func sameSpecJSON(t testing.TB, data []byte) {
	jsontest.Same(t, data, (*ChainSpec).decode, nil)
	jsontest.Same(t, data, (*BlocklistConfig).decode, nil)
	jsontest.Same(t, data, (*FilterConfig).decode, timestampNarrowing)
	jsontest.Same(t, data, (*PinConfig).decode, nil)
	jsontest.Same(t, data, (*DiversityConfig).decode, nil)
	jsontest.Same(t, data, (*MMRConfig).decode, nil)
	jsontest.Same(t, data, (*FairnessConfig).decode, nil)
	jsontest.Same(t, data, (*BoostConfig).decode, nil)
	jsontest.Same(t, data, (*FreshnessConfig).decode, nil)
	jsontest.Same(t, data, (*PluginConfig).decode, nil)
	jsontest.Same(t, data, func(x *Duration, d *strictjson.Decoder) error {
		b, err := d.Raw()
		if err != nil {
			return err
		}
		return x.UnmarshalJSON(b)
	}, nil)
}
