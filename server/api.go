package server

import (
	"time"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// The JSON API's types, as api/openapi.yaml describes them. Go clients may use them directly.

// RecommendRequest is the body of POST /v1/recommend. Unknown fields are refused (400 unknown_field), so
// a misspelt option never silently does nothing.
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
	// Filter keeps only items whose attributes match (category, tags, creation time).
	Filter *Filter `json:"filter,omitempty"`
	// Attributes are the user's ranking features, for bundles with a ranker.
	Attributes *Attributes `json:"attributes,omitempty"`
	// Pipeline overrides the bundle's pipeline for this request.
	Pipeline *Pipeline `json:"pipeline,omitempty"`
	// Explain adds the trace to the response: where each item came from and what moved it.
	Explain bool `json:"explain,omitempty"`
}

// Filter is a request's attribute filter (runtime.ItemFilter): an item must satisfy every predicate.
type Filter struct {
	CategoryIn    []string  `json:"category_in,omitempty"`
	CategoryNotIn []string  `json:"category_not_in,omitempty"`
	WithTags      []string  `json:"with_tags,omitempty"`    // the item carries every one of them
	WithoutTags   []string  `json:"without_tags,omitempty"` // the item carries none of them
	CreatedAfter  time.Time `json:"created_after,omitzero"` // at or after; items of unknown age are dropped
	CreatedBefore time.Time `json:"created_before,omitzero"`
}

// Attributes are a user's ranking features by the ranker's field names (runtime.UserAttributes).
type Attributes struct {
	Cat   map[string][]string `json:"cat,omitempty"`
	Dense map[string]float32  `json:"dense,omitempty"`
}

// Pipeline overrides the bundle's pipeline for one request (runtime.PipelineOverride). Zero fields keep
// the bundle's values.
type Pipeline struct {
	// Retrievers replace the bundle's retrievers: kind "embedding", "popular" or "item2item".
	Retrievers []runtime.RetrieverSpec `json:"retrievers,omitempty"`
	// Candidates sets every retriever's candidate count.
	Candidates int `json:"candidates,omitempty"`
	// Fusion is "rrf" or "weighted".
	Fusion string `json:"fusion,omitempty"`
	// Keep is how many candidates the rank stage keeps for the rules.
	Keep int `json:"keep,omitempty"`
	// Blend weighs the retrieval order against the ranker's (0: the ranker alone).
	Blend float64 `json:"blend,omitempty"`
	// NoRank and NoRerank switch the rank stage and the rules (rerank stage) off.
	NoRank   bool `json:"no_rank,omitempty"`
	NoRerank bool `json:"no_rerank,omitempty"`
	// RankBudgetMs and RerankBudgetMs are the stages' latency budgets in milliseconds.
	RankBudgetMs   float64 `json:"rank_budget_ms,omitempty"`
	RerankBudgetMs float64 `json:"rerank_budget_ms,omitempty"`
	// Rules switches rules (and plugins) on or off by name.
	Rules map[string]bool `json:"rules,omitempty"`
}

func (r *RecommendRequest) runtime() runtime.Request {
	req := runtime.Request{User: r.User, History: r.History, K: r.K, ExcludeSeen: r.ExcludeSeen,
		Allow: r.Allow, Deny: r.Deny, Now: r.Now, Explain: r.Explain}
	if f := r.Filter; f != nil {
		req.Filter = &runtime.ItemFilter{CategoryIn: f.CategoryIn, CategoryNotIn: f.CategoryNotIn, WithTags: f.WithTags,
			WithoutTags: f.WithoutTags, CreatedAfter: f.CreatedAfter, CreatedBefore: f.CreatedBefore}
	}
	if a := r.Attributes; a != nil {
		req.Attributes = &runtime.UserAttributes{Cat: a.Cat, Dense: a.Dense}
	}
	if p := r.Pipeline; p != nil {
		req.Pipeline = &runtime.PipelineOverride{Retrievers: p.Retrievers, Candidates: p.Candidates, Fusion: p.Fusion,
			Keep: p.Keep, Blend: p.Blend, NoRank: p.NoRank, NoRerank: p.NoRerank, Rules: p.Rules,
			RankBudget: ms(p.RankBudgetMs), RerankBudget: ms(p.RerankBudgetMs)}
	}
	return req
}

func ms(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

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
	// Stages report each stage: candidates in and out, time, and whether it degraded.
	Stages []Stage `json:"stages"`
	// Degraded is true when any stage did less than asked (a budget ran out, a plugin was skipped).
	Degraded bool `json:"degraded"`
	// Trace, with explain, says where each item came from and what moved it.
	Trace *Trace `json:"trace,omitempty"`
	// RequestID repeats the X-Request-Id header.
	RequestID string `json:"request_id"`
}

// Stage is one pipeline stage of a request: "encode", "retrieve", "retrieve/KIND", "fuse", "rank",
// "rerank", "fallback".
type Stage struct {
	Stage      string  `json:"stage"`
	In         int     `json:"in"`
	Out        int     `json:"out"`
	DurationUs float64 `json:"duration_us"`
	// Degraded, when set, says how and why the stage did less than asked.
	Degraded string `json:"degraded,omitempty"`
}

// Trace explains an answer (explain: true).
type Trace struct {
	// Items explain the returned items, in order.
	Items []ItemTrace `json:"items"`
	// Removed lists the candidates rules removed (the cut to k is not listed).
	Removed []Move `json:"removed,omitempty"`
	// PluginFailures lists the plugins that failed and were skipped (policy skip).
	PluginFailures []PluginFailure `json:"plugin_failures,omitempty"`
}

// ItemTrace explains one returned item.
type ItemTrace struct {
	ID string `json:"id"`
	// Sources are the retrievers that found it.
	Sources []ItemSource `json:"sources"`
	// Fused is its 0-based position after fusion; Ranked after the rank stage (−1: no ranker ran), Final
	// in the answer. Scored is false when the rank budget ran out before the ranker scored it.
	Fused  int  `json:"fused"`
	Ranked int  `json:"ranked"`
	Scored bool `json:"scored"`
	Final  int  `json:"final"`
	// Moves are the rules (and plugins) that moved it, in order.
	Moves []Move `json:"moves,omitempty"`
}

// ItemSource is one retriever's finding of an item.
type ItemSource struct {
	Retriever string  `json:"retriever"`
	Rank      int     `json:"rank"`
	Score     float32 `json:"score"`
	// Via is, for item2item, the history item it neighbours; Reason says why in words
	// ("because you viewed X", "popular", "close to your taste").
	Via    string `json:"via,omitempty"`
	Reason string `json:"reason"`
}

// Move is one rule's effect on one item: from one 0-based position to another, or removed (to = −1).
type Move struct {
	Item string `json:"item"`
	Rule string `json:"rule"`
	From int    `json:"from"`
	To   int    `json:"to"`
}

// PluginFailure is a plugin call that failed; under policy skip the request went on without it.
type PluginFailure struct {
	Plugin string `json:"plugin"`
	// Reason is one word: fuel, trap, output, failed, init, closed, limits, module, canceled, other.
	Reason string `json:"reason"`
	Error  string `json:"error"`
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
