package line_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/testbundle"
	"github.com/corerec/corerec/wasm/wire"
	"github.com/corerec/corerec/wasm/wire/line"
)

var engine = sync.OnceValues(func() (*runtime.Engine, error) {
	data, err := testbundle.Make(testbundle.Config{Items: 300, Categories: 3})
	if err != nil {
		return nil, err
	}
	return runtime.OpenBytes(data, runtime.Options{})
})

func TestHandle(t *testing.T) {
	eng, err := engine()
	require.NoError(t, err)
	for _, tc := range []struct {
		name, in, wantErr string
		items             int
	}{
		{"recommend", `{"history":["i000001"],"k":3,"exclude_seen":true,"now":1700000000000}`, "", 3},
		{"recommend op", `{"op":"recommend","user":"u0001","k":2}`, "", 2},
		{"similar", `{"op":"similar","item":"i000004","k":5}`, "", 5},
		{"catalog", `{"op":"catalog","offset":10,"limit":4}`, "", 4},
		{"unknown field", `{"histroy":["i000001"]}`, "unknown field", 0},
		{"not json", `{"history":`, "bad request", 0},
		{"unknown op", `{"op":"explode"}`, "unknown op", 0},
		{"no user", `{"k":3}`, "give a user, a history or features", 0},
		{"negative k", `{"history":["i000001"],"k":-1}`, "negative", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := line.Handle(context.Background(), eng, []byte(tc.in))
			var v struct {
				Items []json.RawMessage `json:"items"`
				Error string            `json:"error"`
			}
			require.NoError(t, json.Unmarshal(out, &v), "%s", out)
			if tc.wantErr != "" {
				require.Contains(t, v.Error, tc.wantErr)
				return
			}
			require.Empty(t, v.Error)
			require.Len(t, v.Items, tc.items)
		})
	}
	var info wire.Info
	require.NoError(t, json.Unmarshal(line.Handle(context.Background(), eng, []byte(`{"op":"manifest"}`)), &info))
	require.Equal(t, 300, info.Items)
}

// Every line an edge host might pass gets a JSON answer, never a panic.
func FuzzHandle(f *testing.F) {
	for _, s := range []string{`{}`, `{"history":["i000001"],"k":3}`, `{"op":"similar","item":"i000002"}`,
		`{"op":"catalog","offset":-1,"limit":99999999}`, `{"k":10001,"user":"u0000"}`, `[]`, `null`} {
		f.Add([]byte(s))
	}
	eng, err := engine()
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, in []byte) {
		out := line.Handle(context.Background(), eng, in)
		require.True(t, json.Valid(out), "%s", out)
	})
}
