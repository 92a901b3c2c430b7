package server

import (
	"time"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// The JSON API's types, as api/openapi.yaml describes them. Go clients may use them directly.

// RecommendRequest is the body of POST /v1/recommend. Unknown fields are refused (400 unknown_field), so
// a misspelt option never silently does nothing. Attribute filters and pipeline overrides will be new
// fields here when the pipeline has them.
type RecommendRequest struct {
	// User is the user's original id. Optional when History is given.
	User string `json:"user,omitempty"`
	// History lists the user's recent items, oldest first (original ids); unknown ids are ignored and
	// listed in the response's "ignored".
	History []string `json:"history,omitempty"`
	// K is how many items to return: 0 means 10; at most Limits.MaxK.
	K int `json:"k,omitempty"`
	// ExcludeSeen removes the user's training items and the history's items.
	ExcludeSeen bool `json:"exclude_seen,omitempty"`
	// Allow, when non-empty, restricts the answer to these items; Deny removes items.
	Allow []string `json:"allow,omitempty"`
	Deny  []string `json:"deny,omitempty"`
	// Now is the request's clock (RFC 3339) for time-dependent rules; absent means none.
	Now time.Time `json:"now,omitzero"`
	// Explain adds the per-stage trace to the response.
	Explain bool `json:"explain,omitempty"`
}

func (r *RecommendRequest) runtime() runtime.Request {
	return runtime.Request{User: r.User, History: r.History, K: r.K, ExcludeSeen: r.ExcludeSeen,
		Allow: r.Allow, Deny: r.Deny, Now: r.Now}
}

// Item is one recommended item.
type Item struct {
	ID    string  `json:"id"`
	Score float32 `json:"score"`
}

// RecommendResponse answers POST /v1/recommend and GET /v1/items/{id}/similar.
type RecommendResponse struct {
	// Items are best first, with original ids and the model's scores (higher is better).
	Items []Item `json:"items"`
	// Variant names the experiment arm that answered ("a" without an experiment).
	Variant string `json:"variant"`
	// Bundle is the version of the bundle that answered (the first 16 hex digits of its SHA-256).
	Bundle string `json:"bundle"`
	// Fallback is "popular" when the user could not be personalised.
	Fallback string `json:"fallback,omitempty"`
	// Ignored lists request ids (history, allow, deny) the bundle does not know.
	Ignored []string `json:"ignored,omitempty"`
	// TimingsUs holds each stage's time and the engine's total, in microseconds.
	TimingsUs map[string]float64 `json:"timings_us"`
	// Trace, with explain, reports each stage's candidates in and out.
	Trace []TraceStage `json:"trace,omitempty"`
	// RequestID repeats the X-Request-Id header.
	RequestID string `json:"request_id"`
}

// TraceStage is one pipeline stage of an explained request.
type TraceStage struct {
	Stage      string  `json:"stage"`
	In         int     `json:"in"`
	Out        int     `json:"out"`
	DurationUs float64 `json:"duration_us"`
}

// ErrorResponse is the body of every 4xx and 5xx answer.
type ErrorResponse struct {
	// Error says what went wrong, for a human.
	Error string `json:"error"`
	// Code is stable, for a program: see the Code constants.
	Code      string `json:"code"`
	RequestID string `json:"request_id,omitempty"`
}

// BundleResponse answers GET /v1/bundle.
type BundleResponse struct {
	Bundles []BundleInfo `json:"bundles"`
}

// BundleInfo describes the bundle one variant serves.
type BundleInfo struct {
	Variant  string             `json:"variant"`
	Share    float64            `json:"share"` // fraction of users routed to this variant
	Version  string             `json:"version"`
	SHA256   string             `json:"sha256"`
	Source   string             `json:"source"`
	Bytes    int                `json:"bytes"`
	Signed   bool               `json:"signed"`
	LoadedAt time.Time          `json:"loaded_at"`
	Items    int                `json:"items"`
	Users    int                `json:"users"`
	Dim      int                `json:"dim"`
	Manifest modelpack.Manifest `json:"manifest"`
}

// ReloadResponse answers POST /admin/reload.
type ReloadResponse struct {
	Variants []ReloadResult `json:"variants"`
}

// ReloadResult is one variant's reload.
type ReloadResult struct {
	Variant  string `json:"variant"`
	Reloaded bool   `json:"reloaded"`
	Version  string `json:"version"`         // the version serving after the attempt
	Error    string `json:"error,omitempty"` // why the new bundle was refused
}
