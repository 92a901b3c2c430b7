package server

import (
	"fmt"
	"strings"

	"github.com/corerec/corerec/runtime"
)

// stagesOf turns the engine's stages into the answer's, adding the skipped plugins to the rerank stage's
// degraded reason.
func stagesOf(res *runtime.Result, failed []PluginFailure) ([]Stage, bool) {
	out := make([]Stage, len(res.Stages))
	degraded := false
	for i, st := range res.Stages {
		out[i] = Stage{Stage: st.Name, In: st.In, Out: st.Out, DurationUs: us(st.Duration), Degraded: st.Degraded}
		if st.Name == "rerank" && len(failed) > 0 {
			out[i].Degraded = joinReasons(out[i].Degraded, skippedPlugins(failed))
		}
		degraded = degraded || out[i].Degraded != ""
	}
	return out, degraded
}

func skippedPlugins(failed []PluginFailure) string {
	parts := make([]string, len(failed))
	for i, f := range failed {
		parts[i] = fmt.Sprintf("plugin %q skipped (%s)", f.Plugin, f.Reason)
	}
	return strings.Join(parts, "; ")
}

func joinReasons(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// traceOf turns the engine's trace into the answer's.
func traceOf(tr *runtime.Trace, failed []PluginFailure) *Trace {
	out := &Trace{Items: make([]ItemTrace, 0), PluginFailures: failed}
	if tr == nil {
		return out
	}
	for _, it := range tr.Items {
		t := ItemTrace{ID: it.ID, Sources: make([]ItemSource, len(it.Sources)), Fused: it.Fused, Ranked: it.Ranked,
			Scored: it.Scored, Final: it.Final}
		for j, s := range it.Sources {
			t.Sources[j] = ItemSource{Retriever: s.Retriever, Rank: s.Rank, Score: s.Score, Via: s.Via, Reason: reason(s)}
		}
		for _, m := range it.Moves {
			t.Moves = append(t.Moves, moveOf(m))
		}
		out.Items = append(out.Items, t)
	}
	for _, m := range tr.Removed {
		out.Removed = append(out.Removed, moveOf(m))
	}
	return out
}

func moveOf(m runtime.RuleMove) Move { return Move{Item: m.Item, Rule: m.Rule, From: m.From, To: m.To} }

// reason says in words why a retriever found an item.
func reason(s runtime.Source) string {
	switch {
	case s.Via != "":
		return "because you viewed " + s.Via
	case s.Retriever == runtime.RetrieverPopular:
		return "popular"
	case s.Retriever == runtime.RetrieverEmbedding:
		return "close to your taste"
	}
	return s.Retriever
}
