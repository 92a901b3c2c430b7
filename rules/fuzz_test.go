package rules

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

// ruleFromJSON decodes a rule config of the given kind strictly (as a bundle's config would be) and builds
// the rule.
func ruleFromJSON(kind byte, data []byte) (Rule, error) {
	dec := func(v any) error {
		d := json.NewDecoder(bytes.NewReader(data))
		d.DisallowUnknownFields()
		return d.Decode(v)
	}
	switch kind % 8 {
	case 0:
		var c BlocklistConfig
		if err := dec(&c); err != nil {
			return nil, err
		}
		return NewBlocklist(c), nil
	case 1:
		var c FilterConfig
		if err := dec(&c); err != nil {
			return nil, err
		}
		return NewFilter(c)
	case 2:
		var c BoostConfig
		if err := dec(&c); err != nil {
			return nil, err
		}
		return NewBoost(c)
	case 3:
		var c FreshnessConfig
		if err := dec(&c); err != nil {
			return nil, err
		}
		return NewFreshness(c)
	case 4:
		var c DiversityConfig
		if err := dec(&c); err != nil {
			return nil, err
		}
		return NewDiversity(c)
	case 5:
		var c MMRConfig
		if err := dec(&c); err != nil {
			return nil, err
		}
		return NewMMR(c)
	case 6:
		var c FairnessConfig
		if err := dec(&c); err != nil {
			return nil, err
		}
		return NewFairness(c)
	default:
		var c PinConfig
		if err := dec(&c); err != nil {
			return nil, err
		}
		return NewPin(c)
	}
}

// Any config bytes either fail to decode or build a rule that, in a chain, returns distinct candidates
// from its input and no more than K — never a panic.
func FuzzConfigJSON(f *testing.F) {
	seeds := []struct {
		kind byte
		s    string
	}{
		{0, `{"block":{"items":["i1"],"categories":["C"],"tags":["new"]}}`},
		{1, `{"category_in":["A","B"],"created_after":"2026-10-01T00:00:00Z","max_age":"240h","with_tags":["new"]}`},
		{2, `{"match":{"tags":["kids"]},"multiply":2,"add":-0.5}`},
		{3, `{"weight":0.5,"half_life":"48h","multiplicative":true}`},
		{3, `{"weight":1,"half_life":86400}`},
		{4, `{"by":{"attribute":"tag","tag_prefix":"genre:"},"max_per_group":1,"window":3,"drop":true}`},
		{5, `{"lambda":0.4,"window":4}`},
		{6, `{"shares":{"A":0.5},"minimum":{"C":2},"window":5}`},
		{6, `{"proportional":true}`},
		{7, `{"pins":[{"item":"i4","position":0},{"item":"i2","position":0},{"item":"i0","position":100}]}`},
	}
	for _, s := range seeds {
		f.Add(s.kind, []byte(s.s), uint8(4))
	}
	cat := testCatalog()
	emb := embeddings([]float32{1, 0}, []float32{0, 1}, []float32{1, 1}, []float32{-1, 0}, []float32{0, -1},
		[]float32{2, 1}, []float32{1, 2}, []float32{0, 0}, []float32{3, 0}, []float32{0, 3})
	f.Fuzz(func(t *testing.T, kind byte, data []byte, k uint8) {
		r, err := ruleFromJSON(kind, data)
		if err != nil {
			return
		}
		in := &runtime.RerankInput{K: int(k % 12), Now: now, Catalog: cat, Embedding: emb}
		out, err := NewChain(r).Rerank(context.Background(), in, upto(10))
		require.NoError(t, err)
		if in.K > 0 {
			require.LessOrEqual(t, len(out), in.K)
		}
		seen := map[int32]bool{}
		for _, c := range out {
			require.True(t, c.Index >= 0 && c.Index < 10 && !seen[c.Index], "%v", indices(out))
			seen[c.Index] = true
		}
	})
}
