package wire_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	_ "github.com/corerec/corerec/rules" // the bundle's rules spec
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/testbundle"
	"github.com/corerec/corerec/wasm/wire"
)

// funnel opens a testbundle with a pipeline (three retrievers) and rules: a blocklist, a boost off by
// default, a diversity rule.
func funnel(t *testing.T) *runtime.Engine {
	data, err := testbundle.Make(testbundle.Config{Items: 500, Categories: 5})
	require.NoError(t, err)
	src, err := modelpack.OpenBytes(data, modelpack.Options{})
	require.NoError(t, err)
	b := modelpack.NewBuilder(src.Manifest())
	for _, s := range src.Sections() {
		require.NoError(t, b.CopySection(src, s.Name))
	}
	require.NoError(t, b.AddBytes(modelpack.SectionPipelineSpec, []byte(`{"format":1,"retrievers":[{"kind":"embedding","candidates":60},{"kind":"item2item","candidates":60},{"kind":"popular","candidates":20}],"rank":{"keep":40}}`)))
	require.NoError(t, b.AddBytes(modelpack.SectionRulesSpec, []byte(`{"rules":[
		{"kind":"blocklist","name":"block","config":{"block":{"items":["i000011"]}}},
		{"kind":"boost","name":"promo","off":true,"config":{"match":{"categories":["c03"]},"add":5}},
		{"kind":"diversity","name":"div","config":{"max_per_group":2}}]}`)))
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	eng, err := runtime.OpenBytes(buf.Bytes(), runtime.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { eng.Close() })
	return eng
}

func TestRuleSwitch(t *testing.T) {
	eng := funnel(t)
	ctx := context.Background()
	require.Equal(t, []string{"block", "promo", "div"}, func() (n []string) {
		for _, r := range wire.Describe(eng).Rules {
			n = append(n, r.Name)
		}
		return n
	}())
	hist := []string{"i000001", "i000008"} // categories c01 and c03
	answer := func(rs *wire.RuleSwitch, explain bool) wire.Response {
		res, err := wire.Recommend(ctx, eng, wire.Request{History: hist, K: 10, Rules: rs, Explain: explain})
		require.NoError(t, err)
		return res
	}
	stages := func(r wire.Response) (n []string) {
		for _, s := range r.Stages {
			n = append(n, s.Name)
		}
		return n
	}
	byDefault, all := answer(nil, true), answer(&wire.RuleSwitch{}, false)
	require.Equal(t, byDefault.Items, all.Items, "true is the bundle's configuration")
	require.NotNil(t, byDefault.Trace)
	require.Nil(t, all.Trace)
	off := answer(&wire.RuleSwitch{Off: true}, false)
	require.NotContains(t, stages(off), "rerank")
	require.Contains(t, stages(byDefault), "rerank")
	promo := answer(&wire.RuleSwitch{Only: []string{"promo"}}, false)
	for _, it := range promo.Items[:3] {
		require.Equal(t, "c03", it.Category, "promo alone lifts c03 above the rest")
	}
	for _, it := range byDefault.Items {
		require.NotEqual(t, "i000011", it.ID)
	}
	none := answer(&wire.RuleSwitch{Only: []string{}}, false)
	require.Contains(t, stages(none), "rerank", "an empty list runs the stage with every rule off")
	require.NotEqual(t, none.Items, byDefault.Items, "block and div change the answer")
	_, err := wire.Recommend(ctx, eng, wire.Request{History: hist, Rules: &wire.RuleSwitch{Only: []string{"nope"}}})
	require.ErrorIs(t, err, runtime.ErrBadRequest)
}
