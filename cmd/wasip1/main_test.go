package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/testbundle"
)

func writeBundle(t *testing.T, c testbundle.Config) string {
	t.Helper()
	data, err := testbundle.Make(c)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "b.crec")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

func TestRun(t *testing.T) {
	bundle := writeBundle(t, testbundle.Config{Items: 200})
	for _, tc := range []struct {
		name       string
		args       []string
		in         string
		code       int
		out, errIn string
	}{
		{"usage", nil, "", 2, "", "usage"},
		{"help", []string{"--help"}, "", 2, "", "usage"},
		{"missing bundle", []string{filepath.Join(t.TempDir(), "none.crec")}, "", 1, "", "wasip1:"},
		{"calls", []string{bundle}, "{\"history\":[\"i000001\"],\"k\":2}\n\n  \n{\"op\":\"nope\"}\n", 0,
			`"id":"i0`, ""},
		{"error answer", []string{bundle}, "{\"op\":\"nope\"}\n", 0, `{"error":"line: bad request: unknown op \"nope\""}`, ""},
		{"no trailing newline", []string{bundle}, `{"op":"catalog","limit":1}`, 0, `"total":200`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(context.Background(), tc.args, strings.NewReader(tc.in), &out, &errb)
			require.Equal(t, tc.code, code, errb.String())
			require.Contains(t, out.String(), tc.out)
			require.Contains(t, errb.String(), tc.errIn)
			if tc.name == "calls" {
				require.Equal(t, 2, strings.Count(out.String(), "\n"), "one answer per non-empty line")
			}
		})
	}
}

func TestRunLineTooLong(t *testing.T) {
	bundle := writeBundle(t, testbundle.Config{Items: 50})
	var out, errb bytes.Buffer
	in := strings.NewReader(`{"history":["` + strings.Repeat("x", maxLine) + `"]}`)
	require.Equal(t, 1, run(context.Background(), []string{bundle}, in, &out, &errb))
	require.Contains(t, errb.String(), "too long")
}

// answer is what parity compares: the items and any error.
type answer struct {
	Items []struct {
		ID    string  `json:"id"`
		Score float64 `json:"score"`
	} `json:"items"`
	Error string `json:"error"`
}

// requireSameAnswers checks that two JSON-lines outputs give the same item lists, scores within tol
// (relative to the score's magnitude when above 1).
func requireSameAnswers(t *testing.T, want, got []byte, tol float64) {
	t.Helper()
	wl := bytes.Split(bytes.TrimSpace(want), []byte("\n"))
	gl := bytes.Split(bytes.TrimSpace(got), []byte("\n"))
	require.Len(t, gl, len(wl))
	for i := range wl {
		var w, g answer
		require.NoError(t, json.Unmarshal(wl[i], &w))
		require.NoError(t, json.Unmarshal(gl[i], &g))
		require.Equal(t, w.Error, g.Error, "call %d", i)
		require.Len(t, g.Items, len(w.Items), "call %d", i)
		for j := range w.Items {
			require.Equal(t, w.Items[j].ID, g.Items[j].ID, "call %d item %d", i, j)
			require.InDelta(t, 0, (w.Items[j].Score-g.Items[j].Score)/max(1, abs(w.Items[j].Score)), tol,
				"call %d item %d: %v vs %v", i, j, w.Items[j].Score, g.Items[j].Score)
		}
	}
}

func abs(x float64) float64 { return max(x, -x) }

// parityCalls writes n generated requests over bundle as JSON lines.
func parityCalls(t *testing.T, bundle string, n int) []byte {
	t.Helper()
	eng, err := runtime.Open(bundle, runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	var buf bytes.Buffer
	for _, r := range testbundle.Requests(eng, n, 1) {
		b, err := json.Marshal(r)
		require.NoError(t, err)
		buf.Write(b)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}
