//go:build js && wasm

package main

import (
	"fmt"
	"syscall/js"
	"time"

	"github.com/corerec/corerec/wasm/wire"
)

// Requests and the small answers cross the JavaScript boundary as plain objects converted field by field
// (no encoding/json: it would add 230 KB of code to the module); recommendations go back as one JSON
// string (wire.AppendJSON).

func strs(v js.Value, field string) ([]string, error) {
	if v.IsUndefined() || v.IsNull() {
		return nil, nil
	}
	if !js.Global().Get("Array").Call("isArray", v).Bool() {
		return nil, fmt.Errorf("corerec: %s must be an array of strings", field)
	}
	out := make([]string, v.Length())
	for i := range out {
		e := v.Index(i)
		if e.Type() != js.TypeString {
			return nil, fmt.Errorf("corerec: %s[%d] is not a string", field, i)
		}
		out[i] = e.String()
	}
	return out, nil
}

func str(v js.Value, field string) (string, error) {
	switch v.Type() {
	case js.TypeUndefined, js.TypeNull:
		return "", nil
	case js.TypeString:
		return v.String(), nil
	}
	return "", fmt.Errorf("corerec: %s must be a string", field)
}

func num(v js.Value, field string) (float64, error) {
	switch v.Type() {
	case js.TypeUndefined, js.TypeNull:
		return 0, nil
	case js.TypeNumber:
		return v.Float(), nil
	}
	return 0, fmt.Errorf("corerec: %s must be a number", field)
}

func request(v js.Value) (wire.Request, error) {
	var r wire.Request
	if v.Type() != js.TypeObject {
		return r, fmt.Errorf("corerec: recommend wants an object")
	}
	var err error
	lists := []struct {
		name string
		dst  *[]string
	}{{"history", &r.History}, {"allow", &r.Allow}, {"deny", &r.Deny}, {"categories", &r.Categories}}
	for _, l := range lists {
		if *l.dst, err = strs(v.Get(l.name), l.name); err != nil {
			return r, err
		}
	}
	if r.User, err = str(v.Get("user"), "user"); err != nil {
		return r, err
	}
	k, err := num(v.Get("k"), "k")
	if err != nil {
		return r, err
	}
	now, err := num(v.Get("now"), "now")
	if err != nil {
		return r, err
	}
	ef, err := num(v.Get("ef"), "ef")
	if err != nil {
		return r, err
	}
	r.K, r.Now, r.Ef = int(k), int64(now), int(ef)
	r.ExcludeSeen = v.Get("exclude_seen").Truthy()
	r.Exact = v.Get("exact").Truthy()
	return r, nil
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
		"items": in.Items, "users": in.Users, "dim": in.Dim, "categories": cats,
	}
}

func page(p wire.Page) map[string]any {
	items := make([]any, len(p.Items))
	for i, it := range p.Items {
		items[i] = map[string]any{"id": it.ID, "index": it.Index, "category": it.Category}
	}
	return map[string]any{"items": items, "total": p.Total}
}
