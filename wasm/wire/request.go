package wire

import (
	"time"

	"github.com/corerec/corerec/runtime"
)

// Request is the JSON form of a recommendation request (runtime.Request plus Categories).
type Request struct {
	// User is the caller's original user id; optional when History is given.
	User string `json:"user,omitempty"`
	// History lists recent items, oldest first, in original ids.
	History []string `json:"history,omitempty"`
	// K is how many items to return (0 means runtime.DefaultK).
	K int `json:"k,omitempty"`
	// ExcludeSeen removes the user's stored seen items and the history items.
	ExcludeSeen bool `json:"exclude_seen,omitempty"`
	// Allow restricts the answer to these items; Deny removes these items.
	Allow []string `json:"allow,omitempty"`
	Deny  []string `json:"deny,omitempty"`
	// Categories, when non-empty, restricts the answer to items of these categories (added to Allow as
	// every item of the categories; with Allow also given, either list admits an item).
	Categories []string `json:"categories,omitempty"`
	// Now is the request's clock in milliseconds since the Unix epoch (JavaScript's Date.now()); 0 = none.
	Now int64 `json:"now,omitempty"`
	// Ef is the HNSW beam width when the bundle has a graph (0: the index's default); Exact scans every
	// item instead (runtime.Request's Ef and Exact).
	Ef    int  `json:"ef,omitempty"`
	Exact bool `json:"exact,omitempty"`
	// Explain asks for the pipeline's trace (Response.Trace): where each item came from, what moved it.
	Explain bool `json:"explain,omitempty"`
	// Rules switches the bundle's rules for this request: all as configured (absent, true), none
	// (false), or exactly the named ones.
	Rules *RuleSwitch `json:"rules,omitempty"`
}

// Item is one recommended item.
type Item struct {
	ID       string  `json:"id"`
	Index    int32   `json:"index"`
	Score    float32 `json:"score"`
	Category string  `json:"category,omitempty"`
	// Because is the history item closest to this item (by cosine of their embeddings); empty without a
	// history.
	Because string `json:"because,omitempty"`
}

// Response is the answer to a Request (or to a similar-items request).
type Response struct {
	Items    []Item          `json:"items"`
	Fallback string          `json:"fallback,omitempty"`
	Ignored  []string        `json:"ignored,omitempty"`
	Stages   []runtime.Stage `json:"stages"`
	// Trace explains a pipeline's answer when the request asked (Request.Explain).
	Trace *runtime.Trace `json:"trace,omitempty"`
}

// runtimeRequest maps r to the engine's request, resolving Categories into the allow-list and Rules into
// a pipeline override.
func (r Request) runtimeRequest(eng *runtime.Engine) (runtime.Request, error) {
	req := runtime.Request{User: r.User, History: r.History, K: r.K, ExcludeSeen: r.ExcludeSeen,
		Allow: r.Allow, Deny: r.Deny, Ef: r.Ef, Exact: r.Exact, Explain: r.Explain}
	var err error
	if req.Pipeline, err = r.Rules.override(eng); err != nil {
		return req, err
	}
	if r.Now != 0 {
		req.Now = time.UnixMilli(r.Now).UTC()
	}
	if len(r.Categories) > 0 {
		req.Allow = append(append([]string(nil), r.Allow...), itemsOfCategories(eng, r.Categories)...)
		if len(req.Allow) == 0 {
			// No item has these categories: an allow-list that admits nothing, not "no restriction".
			req.Allow = []string{"\x00no-such-item"}
		}
	}
	return req, nil
}

func itemsOfCategories(eng *runtime.Engine, cats []string) []string {
	want := make(map[string]bool, len(cats))
	for _, c := range cats {
		want[c] = true
	}
	cat := eng.Catalog()
	var out []string
	for i := range int32(cat.NumItems()) {
		if want[cat.ItemCategory(i)] {
			out = append(out, cat.ItemID(i))
		}
	}
	return out
}
