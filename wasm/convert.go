//go:build js && wasm

package main

import (
	"syscall/js"
	"time"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/wasm/wire"
)

// Recommendation requests and answers cross the JavaScript boundary as one JSON string each
// (wire.ParseRequest, wire.AppendJSON): every js.Value Go reads costs a finalizer and a JS-side table
// entry. The small, rare calls (similar's arguments, manifest, catalog) convert field by field. No
// encoding/json: it would add 230 KB of code to the module.

func str(v js.Value, field string) (string, error) {
	switch v.Type() {
	case js.TypeUndefined, js.TypeNull:
		return "", nil
	case js.TypeString:
		return v.String(), nil
	}
	return "", fmtlite.Errorf("corerec: %s must be a string", field)
}

func num(v js.Value, field string) (float64, error) {
	switch v.Type() {
	case js.TypeUndefined, js.TypeNull:
		return 0, nil
	case js.TypeNumber:
		return v.Float(), nil
	}
	return 0, fmtlite.Errorf("corerec: %s must be a number", field)
}

func info(in wire.Info) map[string]any {
	man := in.Manifest
	metrics := map[string]any{}
	for k, v := range man.Metrics {
		metrics[k] = v
	}
	cats := make([]any, len(in.Categories))
	for i, c := range in.Categories {
		cats[i] = map[string]any{"name": c.Name, "items": c.Items}
	}
	return map[string]any{
		"manifest": map[string]any{"kind": man.Kind, "name": man.Name, "dim": man.Dim, "metric": man.Metric,
			"created_at": man.CreatedAt.UTC().Format(time.RFC3339), "metrics": metrics,
			"training": map[string]any{"source": man.Training.Source, "users": man.Training.Users,
				"items": man.Training.Items, "interactions": man.Training.Interactions,
				"epochs": man.Training.Epochs, "seconds": man.Training.Seconds}},
		"items": in.Items, "users": in.Users, "dim": in.Dim, "categories": cats, "rules": ruleStates(in),
	}
}

func page(p wire.Page) map[string]any {
	items := make([]any, len(p.Items))
	for i, it := range p.Items {
		items[i] = map[string]any{"id": it.ID, "index": it.Index, "category": it.Category}
	}
	return map[string]any{"items": items, "total": p.Total}
}

func ruleStates(in wire.Info) []any {
	out := make([]any, len(in.Rules))
	for i, r := range in.Rules {
		out[i] = map[string]any{"name": r.Name, "on": r.On}
	}
	return out
}
