package plugin

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/rules"
	"github.com/corerec/corerec/rules/plugin/prep/preptest"
	"github.com/corerec/corerec/runtime"
)

// pluginBundle opens a preptest.Bundle of n items with the given fixtures as plugin sections (name → file).
func pluginBundle(t *testing.T, n int, spec string, plugins map[string]string) *modelpack.Bundle {
	t.Helper()
	wasm := map[string][]byte{}
	for name, file := range plugins {
		wasm[name] = readFixture(t, file)
	}
	bd, err := modelpack.OpenBytes(preptest.Bundle(t, n, spec, wasm), modelpack.Options{})
	require.NoError(t, err)
	return bd
}

func ids(res runtime.Result) []string {
	var out []string
	for _, it := range res.Items {
		out = append(out, it.ID)
	}
	return out
}

// A bundle's plugin rule runs from its section, after the filters and before the pins, which still hold.
func TestNewEngineRunsBundlePlugins(t *testing.T) {
	ctx := context.Background()
	h := newHost(t, HostConfig{})
	var calls int
	bd := pluginBundle(t, 12, `{"rules":[
		{"kind":"blocklist","config":{"block":{"items":["i1"]}}},
		{"kind":"pin","config":{"pins":[{"item":"i2","position":0}]}},
		{"kind":"plugin","name":"rev","config":{"policy":"fail","fuel":1000000}}]}`, map[string]string{"rev": "reverse.wasm"})
	eng, err := h.NewEngine(ctx, bd, runtime.Options{}, BundleOptions{OnCall: func(Call) { calls++ }})
	require.NoError(t, err)
	defer eng.Close()
	require.Len(t, eng.Plugins(), 1)
	req := runtime.Request{History: []string{"i11"}, K: 4, Explain: true, Pipeline: &runtime.PipelineOverride{Candidates: 8}}
	res, err := eng.Recommend(ctx, req)
	require.NoError(t, err)
	// popular: i0 … i7 (i11 is the history, not excluded); blocked i1; reversed: i7 i6 i5 i4 i3 i2 i0; pin i2 first.
	require.Equal(t, []string{"i2", "i7", "i6", "i5"}, ids(res))
	require.Equal(t, 1, calls)

	req.Pipeline.Rules = map[string]bool{"rev": false}
	res, err = eng.Recommend(ctx, req)
	require.NoError(t, err)
	require.Equal(t, []string{"i2", "i0", "i3", "i4"}, ids(res), "the plugin switched off for one request")
}

// Failures: under skip the request goes on and WithCalls tells it; under fail it is the plugin's *Error.
func TestNewEnginePolicies(t *testing.T) {
	ctx := context.Background()
	h := newHost(t, HostConfig{})
	for _, policy := range []string{"skip", "fail"} {
		t.Run(policy, func(t *testing.T) {
			bd := pluginBundle(t, 6, fmt.Sprintf(`{"rules":[{"kind":"plugin","name":"loop","config":{"policy":%q,"fuel":50000}}]}`, policy),
				map[string]string{"loop": "hostile/loop_forever.wasm"})
			eng, err := h.NewEngine(ctx, bd, runtime.Options{}, BundleOptions{})
			require.NoError(t, err)
			defer eng.Close()
			var seen []Call
			res, err := eng.Recommend(WithCalls(ctx, func(c Call) { seen = append(seen, c) }), runtime.Request{History: []string{"i5"}, K: 3})
			require.Len(t, seen, 1)
			require.Equal(t, "fuel", Reason(seen[0].Err))
			if policy == "skip" {
				require.NoError(t, err)
				require.Equal(t, []string{"i0", "i1", "i2"}, ids(res))
				return
			}
			var perr *Error
			require.True(t, errors.As(err, &perr), "%v", err)
			require.Equal(t, "loop", perr.Plugin)
			require.ErrorIs(t, err, ErrFuel)
		})
	}
}

// Bad plugin rules refuse the bundle with a message naming the rule; nothing stays loaded.
func TestNewEngineRefuses(t *testing.T) {
	ctx := context.Background()
	h := newHost(t, HostConfig{})
	for name, tc := range map[string]struct{ spec, want string }{
		"no section":       {`{"rules":[{"kind":"plugin","name":"gone"}]}`, `section "plugin.gone"`},
		"no name":          {`{"rules":[{"kind":"plugin"}]}`, "give it a name"},
		"bad policy":       {`{"rules":[{"kind":"plugin","name":"rev","config":{"policy":"maybe"}}]}`, "policy"},
		"unknown key":      {`{"rules":[{"kind":"plugin","name":"rev","config":{"fuell":5}}]}`, "fuell"},
		"too much fuel":    {`{"rules":[{"kind":"plugin","name":"rev","config":{"fuel":1000000000000}}]}`, "fuel"},
		"two configs":      {`{"rules":[{"kind":"plugin","name":"rev","config":{"config":"x","config_f32":[1]}}]}`, "not both"},
		"not a plugin":     {`{"rules":[{"kind":"plugin","name":"bad"}]}`, "not a CoreRec plugin"},
		"forbidden import": {`{"rules":[{"kind":"plugin","name":"sock"}]}`, "forbidden import"},
	} {
		t.Run(name, func(t *testing.T) {
			bd := pluginBundle(t, 4, tc.spec, map[string]string{"rev": "reverse.wasm", "bad": "hostile/abi_missing.wasm",
				"sock": "hostile/import_socket.wasm"})
			_, err := h.NewEngine(ctx, bd, runtime.Options{}, BundleOptions{})
			require.Error(t, err)
			require.ErrorIs(t, err, runtime.ErrBundle)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

// Without a host, the registered kind says how to open such a bundle.
func TestRegisteredKindNeedsHost(t *testing.T) {
	_, err := rules.ParseChain([]byte(`{"rules":[{"kind":"plugin","name":"rev"}]}`))
	require.ErrorIs(t, err, rules.ErrConfig)
	require.Contains(t, err.Error(), "Host.NewEngine")
	bd := pluginBundle(t, 4, `{"rules":[{"kind":"plugin","name":"rev"}]}`, map[string]string{"rev": "reverse.wasm"})
	_, err = runtime.New(bd, runtime.Options{})
	require.ErrorContains(t, err, "plugin host")
}

func TestReason(t *testing.T) {
	for err, want := range map[error]string{nil: "", ErrFuel: "fuel", &Error{Plugin: "p", Err: ErrTrap}: "trap",
		ErrOutput: "output", ErrImport: "module", context.Canceled: "canceled", errors.New("x"): "other"} {
		require.Equal(t, want, Reason(err), "%v", err)
	}
}

// The built-in kinds cannot be replaced; a parse's own kinds take precedence over the registered ones.
func TestRegisterKind(t *testing.T) {
	require.Panics(t, func() { rules.RegisterKind(rules.KindBlocklist, nil) })
	called := false
	own := func(rs rules.RuleSpec, env rules.Env) (rules.Rule, error) {
		called = true
		return rules.Custom(rs.Name, runtime.RerankerFunc(nil)), nil
	}
	_, err := rules.ParseChainEnv([]byte(`{"rules":[{"kind":"plugin","name":"x"}]}`),
		rules.Env{Kinds: map[string]rules.KindFactory{rules.KindPlugin: own}})
	require.NoError(t, err)
	require.True(t, called)
	_, err = rules.ParseChain([]byte(`{"rules":[{"kind":"nope"}]}`))
	require.ErrorContains(t, err, `unknown rule kind "nope"`)
}
