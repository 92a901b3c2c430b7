package wire_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/wasm/wire"
)

// reqMirror decodes a request with encoding/json, numbers as float64 (ParseRequest truncates them).
type reqMirror struct {
	User                 *string
	History, Allow, Deny []string
	Categories           []string
	K, Now, Ef           *float64
	ExcludeSeen          *bool `json:"exclude_seen"`
	Exact                *bool
	Explain              *bool
	Rules                *wire.RuleSwitch
}

func (m reqMirror) request() wire.Request {
	r := wire.Request{History: m.History, Allow: m.Allow, Deny: m.Deny, Categories: m.Categories}
	if m.User != nil {
		r.User = *m.User
	}
	if m.K != nil {
		r.K = int(*m.K)
	}
	if m.Now != nil {
		r.Now = int64(*m.Now)
	}
	if m.Ef != nil {
		r.Ef = int(*m.Ef)
	}
	r.ExcludeSeen = m.ExcludeSeen != nil && *m.ExcludeSeen
	r.Exact = m.Exact != nil && *m.Exact
	r.Explain = m.Explain != nil && *m.Explain
	r.Rules = m.Rules
	return r
}

func TestParseRequest(t *testing.T) {
	good := []string{
		`{}`,
		` { "history" : ["i1", "i\"2\\", "\u00e9\ud83d\ude00\n", "\ud800x"], "k": 7, "exclude_seen": true } `,
		`{"user":"u1","allow":[],"deny":null,"categories":["c1"],"now":1700000000000,"ef":128,"exact":false}`,
		`{"k":1.9e1,"future":{"a":[1,-2.5e-3,true,false,null,{"b":"c"}],"d":"\/"},"history":["x"]}`,
		`{"user":null,"k":null,"exclude_seen":null}`,
		`{"explain":true,"rules":false}`, `{"rules":true,"explain":null}`, `{"rules":["div","promo"]}`, `{"rules":[]}`, `{"rules":null}`,
	}
	for _, in := range good {
		t.Run(in, func(t *testing.T) {
			got, err := wire.ParseRequest([]byte(in))
			require.NoError(t, err)
			var m reqMirror
			require.NoError(t, json.Unmarshal([]byte(in), &m))
			require.Equal(t, m.request(), got)
		})
	}
	bad := []struct{ in, msg string }{
		{`{"history":"i1"}`, "history must be an array of strings"},
		{`{"history":["i1",2]}`, "history[1] is not a string"},
		{`{"k":"3"}`, "k must be a number"},
		{`{"user":3}`, "user must be a string"},
		{`{"exact":1}`, "exact must be a boolean"},
		{`{"k":3`, "not valid JSON"},
		{`{"k":3}x`, "not valid JSON"},
		{`[]`, "not valid JSON"},
		{`{"history":["a\x01"]}`, "not valid JSON"},
		{`{"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, "nested deeper"},
		{``, "not valid JSON"},
		{`{"rules":"div"}`, "rules must be true, false or an array"},
		{`{"rules":[1]}`, "rules[0] is not a string"},
	}
	for _, c := range bad {
		t.Run(c.in, func(t *testing.T) {
			_, err := wire.ParseRequest([]byte(c.in))
			require.ErrorContains(t, err, c.msg)
		})
	}
}

// Whatever encoding/json reads as a request, ParseRequest reads alike; nothing makes it panic.
func FuzzParseRequest(f *testing.F) {
	for _, s := range []string{`{}`, `{"history":["i1","\ud83d\ude00"],"k":5,"exclude_seen":true}`,
		`{"user":"u","allow":[],"deny":["x"],"categories":null,"now":1.5,"ef":-1,"exact":false,"z":[{"a":null}]}`,
		`{"history":["\udc00\ud800\udc00"]}`, `{"explain":true,"rules":["a"]}`, `{"rules":false}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := wire.ParseRequest(data)
		var m reqMirror
		if json.Unmarshal(data, &m) != nil {
			return // ParseRequest may be more lenient (e.g. leading zeros); it only must not panic
		}
		var keys map[string]json.RawMessage
		if json.Unmarshal(data, &keys) != nil {
			return
		}
		for k := range keys {
			if l := strings.ToLower(k); l != k && strings.Contains(" user history allow deny categories k now ef exclude_seen exact explain rules ", " "+l+" ") {
				return // encoding/json matches keys case-insensitively; the JS API sends them as written
			}
		}
		require.NoError(t, err, "%q", data)
		require.Equal(t, m.request(), got, "%q", data)
	})
}
