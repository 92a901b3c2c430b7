//go:build !js

package pluginhost

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/rules/plugin"
	"github.com/corerec/corerec/rules/plugin/prep"
	"github.com/corerec/corerec/rules/plugin/prep/preptest"
	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

// pluginBundle writes a preptest.Bundle of n items with the given plugin files as sections (name → file).
func pluginBundle(t *testing.T, n int, spec string, plugins map[string]string) []byte {
	t.Helper()
	wasm := map[string][]byte{}
	for name, file := range plugins {
		b, err := os.ReadFile(file)
		require.NoError(t, err)
		wasm[name] = b
	}
	return preptest.Bundle(t, n, spec, wasm)
}

// A bundle's plugin rules answer as on rules/plugin's Host.NewEngine: the example plugins reorder, the
// blocklist and pin still hold after them, a runaway plugin under "fail" fails the request with the same
// error, under "skip" leaves the answer as without it; a plugin that does not load fails the open.
func TestOpenBytesSameAsNewEngine(t *testing.T) {
	const ex = "../../rules/examples/"
	plugins := map[string]string{"newer": ex + "assemblyscript/newer.wasm", "diverse": ex + "assemblyscript/diverse.wasm",
		"band": ex + "wat/band.wasm", "loop": "../../rules/plugin/testdata/hostile/loop_forever.wasm",
		"grow": "../../rules/plugin/testdata/hostile/memory_grow_huge.wasm"}
	spec := `{"rules":[
		{"kind":"blocklist","config":{"block":{"items":["i1"]}}},
		{"kind":"pin","config":{"pins":[{"item":"i7","position":0}]}},
		{"kind":"plugin","name":"newer"}, {"kind":"plugin","name":"diverse"},
		{"kind":"plugin","name":"band","config":{"config_f32":[0,100,0,0]}},
		{"kind":"plugin","name":"loop","off":true,"config":{"policy":"fail"}},
		{"kind":"plugin","name":"grow","off":true}]}`
	data := pluginBundle(t, 40, spec, plugins)
	ctx := context.Background()
	host, err := plugin.NewHost(ctx, plugin.HostConfig{})
	require.NoError(t, err)
	defer host.Close(ctx)
	nb, err := modelpack.OpenBytes(data, modelpack.Options{})
	require.NoError(t, err)
	native, err := host.NewEngine(ctx, nb, runtime.Options{}, plugin.BundleOptions{})
	require.NoError(t, err)
	defer native.Close()
	eng := newWazeroEngine()
	defer eng.close()
	ours, err := OpenBytes(eng, data, runtime.Options{})
	require.NoError(t, err)
	defer ours.Close()
	require.Len(t, ours.Plugins(), 5)

	var answers []string
	for _, sw := range []map[string]bool{nil, {"loop": true}, {"grow": true}, {"newer": false, "diverse": false, "band": false}, {"band": false}} {
		req := runtime.Request{History: []string{"i3", "i5"}, K: 10, Explain: true}
		if sw != nil {
			req.Pipeline = &runtime.PipelineOverride{Rules: sw}
		}
		want, werr := native.Recommend(ctx, req)
		got, gerr := ours.Recommend(ctx, req)
		if werr != nil {
			require.EqualError(t, gerr, werr.Error(), "%v", sw)
			continue
		}
		require.NoError(t, gerr, "%v", sw)
		require.Equal(t, want.Items, got.Items, "%v", sw)
		require.Equal(t, "i7", got.Items[0].ID, "the pin holds after the plugins")
		var ids []byte
		for _, it := range got.Items {
			ids = append(ids, it.ID+" "...)
		}
		answers = append(answers, string(ids))
	}
	require.Len(t, answers, 4, "one request failed: loop")
	require.Equal(t, answers[0], answers[1], "grow (skip) fails and is skipped")
	require.NotEqual(t, answers[0], answers[2], "the plugins change the answer")
	_, err = ours.Recommend(ctx, runtime.Request{History: []string{"i3"}, K: 5, Pipeline: &runtime.PipelineOverride{Rules: map[string]bool{"loop": true}}})
	require.ErrorIs(t, err, prep.ErrFuel)

	bad := pluginBundle(t, 10, `{"rules":[{"kind":"plugin","name":"x"}]}`,
		map[string]string{"x": "../../rules/plugin/testdata/hostile/memory_initial_huge.wasm"})
	_, err = OpenBytes(eng, bad, runtime.Options{})
	require.ErrorIs(t, err, prep.ErrLimits)
	require.True(t, errors.Is(err, rules.ErrConfig))
}
