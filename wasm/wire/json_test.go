package wire_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/wire"
)

// mirror is the value AppendJSON must encode r as (what the JS API documents, corerec.d.ts).
func mirror(r wire.Response) map[string]any {
	items := []any{}
	for _, it := range r.Items {
		m := map[string]any{"id": it.ID, "index": float64(it.Index), "score": float64(it.Score), "category": it.Category}
		if it.Because != "" {
			m["because"] = it.Because
		}
		items = append(items, m)
	}
	stages := []any{}
	for _, s := range r.Stages {
		stages = append(stages, map[string]any{"name": s.Name, "in": float64(s.In), "out": float64(s.Out),
			"duration_ns": float64(s.Duration)})
	}
	out := map[string]any{"items": items, "stages": stages}
	if r.Fallback != "" {
		out["fallback"] = r.Fallback
	}
	if len(r.Ignored) > 0 {
		ig := []any{}
		for _, s := range r.Ignored {
			ig = append(ig, s)
		}
		out["ignored"] = ig
	}
	if r.Trace != nil { // runtime.Trace's own JSON names; items and sources always arrays
		t := *r.Trace
		if t.Items == nil {
			t.Items = []runtime.ItemTrace{}
		}
		for i := range t.Items {
			if t.Items[i].Sources == nil {
				t.Items = append([]runtime.ItemTrace(nil), t.Items...)
				t.Items[i].Sources = []runtime.Source{}
			}
		}
		b, err := json.Marshal(t)
		if err != nil {
			panic(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			panic(err)
		}
		out["trace"] = v
	}
	return out
}

func TestAppendJSON(t *testing.T) {
	odd := "q\"b\\s/\x00\x01\x1f\n\t\r é 日本 \u2028 \x7f"
	tests := []struct {
		name string
		r    wire.Response
	}{
		{"empty", wire.Response{}},
		{"items", wire.Response{
			Items: []wire.Item{{ID: "i1", Index: 0, Score: 1.5, Category: "c"},
				{ID: odd, Index: math.MaxInt32, Score: -3.4028235e38, Because: odd},
				{ID: "tiny", Index: 7, Score: 1e-45, Category: odd, Because: "i1"},
				{ID: "third", Index: 2, Score: 0.1}},
			Fallback: "popular", Ignored: []string{"nope", odd},
			Stages: []runtime.Stage{{Name: "encode", In: 1, Out: 1, Duration: 1234},
				{Name: "retrieve", In: 100000, Out: 10, Duration: 3 * time.Second}}}},
		{"trace", wire.Response{Items: []wire.Item{{ID: "a"}}, Trace: &runtime.Trace{
			Items: []runtime.ItemTrace{
				{ID: odd, Sources: []runtime.Source{{Retriever: "embedding", Rank: 3, Score: 0.25},
					{Retriever: "item2item", Rank: 0, Score: -0.375, Via: odd}}, Fused: 1, Ranked: -1, Final: 0,
					Moves: []runtime.RuleMove{{Item: odd, Index: 4, Rule: "div", From: 3, To: 0}}},
				{ID: "b", Fused: 0, Ranked: 2, Scored: true, Final: 1}},
			Removed: []runtime.RuleMove{{Item: "x", Index: 9, Rule: "block", From: 0, To: runtime.RemovedPos}}}}},
		{"empty trace", wire.Response{Trace: &runtime.Trace{}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got map[string]any
			require.NoError(t, json.Unmarshal(wire.AppendJSON(nil, tc.r), &got))
			require.Equal(t, mirror(tc.r), got)
		})
	}
}

// Scores read back exactly; a non-finite one becomes null instead of invalid JSON.
func TestAppendJSONScores(t *testing.T) {
	for _, f := range []float32{0.1, 1.0 / 3, math.SmallestNonzeroFloat32, math.MaxFloat32, -0.0} {
		var got struct{ Items []struct{ Score float64 } }
		require.NoError(t, json.Unmarshal(wire.AppendJSON(nil, wire.Response{Items: []wire.Item{{Score: f}}}), &got))
		require.Equal(t, float64(f), got.Items[0].Score)
	}
	var got map[string]any
	r := wire.Response{Items: []wire.Item{{Score: float32(math.Inf(1))}, {Score: float32(math.NaN())}}}
	require.NoError(t, json.Unmarshal(wire.AppendJSON(nil, r), &got))
	require.Nil(t, got["items"].([]any)[1].(map[string]any)["score"])
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("plain", "q\"\\\x00\n日本\xff")
	f.Fuzz(func(t *testing.T, id, because string) {
		r := wire.Response{Items: []wire.Item{{ID: id, Because: because, Category: id}}}
		var got struct {
			Items []struct{ ID, Because, Category string }
		}
		require.NoError(t, json.Unmarshal(wire.AppendJSON(nil, r), &got))
		// encoding/json, like JavaScript, reads invalid UTF-8 as U+FFFD: compare after the same repair.
		repaired := func(s string) string {
			b, err := json.Marshal(s)
			require.NoError(t, err)
			var out string
			require.NoError(t, json.Unmarshal(b, &out))
			return out
		}
		require.Equal(t, repaired(id), got.Items[0].ID)
		require.Equal(t, repaired(id), got.Items[0].Category)
		require.Equal(t, repaired(because), got.Items[0].Because)
	})
}
