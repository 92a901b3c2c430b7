package runtime

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func validSpec() RankSpec {
	return RankSpec{Format: 1, Model: RankDCN, UserKey: "user", ItemKey: "item", EmbedDim: 4,
		Fields: []RankField{
			{Name: "user", Kind: FieldCategorical, Side: SideUser, Vocab: 3},
			{Name: "item", Kind: FieldCategorical, Side: SideItem, Vocab: 5},
			{Name: "genres", Kind: FieldMultiHot, Side: SideItem, Vocab: 4},
			{Name: "age", Kind: FieldDense, Side: SideUser, Shift: 30, Scale: 0.1},
		},
		Cross: CrossSpec{Layers: 2}, Deep: []int{8}}
}

func TestRankSpecValidate(t *testing.T) {
	ok := validSpec()
	require.NoError(t, ok.Validate())
	require.Equal(t, 3*4+1, ok.InputDim())
	for _, tc := range []struct {
		name string
		bad  func(*RankSpec)
	}{
		{"format", func(s *RankSpec) { s.Format = 2 }},
		{"model", func(s *RankSpec) { s.Model = "gbdt" }},
		{"embed", func(s *RankSpec) { s.EmbedDim = 0 }},
		{"dup field", func(s *RankSpec) { s.Fields[1].Name = "user" }},
		{"side", func(s *RankSpec) { s.Fields[0].Side = "both" }},
		{"kind", func(s *RankSpec) { s.Fields[2].Kind = "text" }},
		{"vocab", func(s *RankSpec) { s.Fields[2].Vocab = 0 }},
		{"user key", func(s *RankSpec) { s.UserKey = "age" }},
		{"item key side", func(s *RankSpec) { s.ItemKey = "user" }},
		{"experts without rank", func(s *RankSpec) { s.Cross.Experts = 3 }},
		{"deep width", func(s *RankSpec) { s.Deep = []int{0} }},
		{"empty dcn", func(s *RankSpec) { s.Cross.Layers, s.Deep = 0, nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := validSpec()
			s.Fields = append([]RankField(nil), s.Fields...)
			tc.bad(&s)
			require.ErrorIs(t, s.Validate(), ErrBundle)
		})
	}
}

func TestParseRankSpecUnknownKey(t *testing.T) {
	_, err := ParseRankSpec([]byte(`{"format":1,"modle":"dcn"}`))
	require.ErrorIs(t, err, ErrBundle)
}

// FuzzParseRankSpec: any bytes give a valid spec or an error, never a panic; a spec that
// parses survives a round trip.
func FuzzParseRankSpec(f *testing.F) {
	good, _ := json.Marshal(validSpec())
	f.Add(good)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"format":1,"model":"lr","fields":[{"name":"u","kind":"cat","side":"user","vocab":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseRankSpec(data)
		if err != nil {
			return
		}
		again, err := json.Marshal(s)
		require.NoError(t, err)
		s2, err := ParseRankSpec(again)
		require.NoError(t, err)
		require.Equal(t, s.InputDim(), s2.InputDim())
	})
}
