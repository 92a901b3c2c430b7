// Package runtime executes a CoreRec bundle: it turns a request (a known user, or a list of the visitor's
// recent items) into a ranked list of items, in the caller's original ids.
//
// # Basics
//
// Open a bundle written by the trainer or by `pack`, then ask it:
//
//	eng, err := runtime.Open("model.crec", runtime.Options{})
//	if err != nil { ... }
//	defer eng.Close()
//	res, err := eng.Recommend(ctx, runtime.Request{User: "u42", K: 10, ExcludeSeen: true})
//
// A request runs as stages — encode (the user vector from a stored embedding, from the request's Features
// through the user tower of a Two-Tower bundle (TowerSpec), or from the request's history), retrieve (exact scan of the item embeddings in f32, f16 or int8 through the SIMD kernels, with
// allow/deny filtering), and the fallback for users the bundle does not know (popular items). Each result
// reports per-stage counts and timings in Result.Stages.
//
// # The funnel
//
// A bundle assembled by `pack build` (sections modelpack.SectionPipelineSpec and, optionally, the rank.*
// sections of a ranker and modelpack.SectionRulesSpec) answers through the whole pipeline (PipelineSpec):
//
//   - retrieve: one or more retrievers — "embedding" (the user vector through HNSW or an exact scan, with
//     the request's filters and seen-masking), "popular", "item2item" (neighbours of the request's recent
//     history items, each remembering which one found it) — each returning up to Candidates items;
//   - fuse: reciprocal-rank fusion (k = 60) or weighted min-max-normalised scores, ties in order of first
//     appearance;
//   - rank: the bundle's ranker (DCN-v2, DeepFM, LR) scores the fused candidates with the user's features
//     (stored, or Request.Attributes) and keeps the best Keep; items unknown to the ranker get its reserved
//     code;
//   - rerank: the bundle's rules, built by the factory that package rules registers (RegisterRules), so the
//     runtime never imports rules; Request.Pipeline.Rules switches rules by name.
//
// Each stage may have a latency budget, read on Options.Clock: out of rank budget the ranker stops between
// chunks of 256 candidates and the unscored rest keeps its fused order below the scored ones; out of rerank
// budget the rules that must hold (blocklists, filters, pins) still apply and the soft ones are skipped.
// Stage.Degraded says so. Request.Explain adds a Trace: each returned item's retrievers (and history item),
// its positions after fusion and ranking, and the rules that moved it; the rules' removals. Request.Filter
// (category, tags, creation time) is applied before retrieval as a filter of the index search, with or
// without a pipeline. A bundle with neither a pipeline spec nor rules answers with retrieval alone, as
// before; a request's Pipeline override runs the default pipeline on it. The specs decode with
// internal/strictjson (no encoding/json), so the browser build (GOOS=js) runs funnel bundles too, the
// ranker included (the tag corerec_rank, which it once needed, is ignored).
//
// # Sequential bundles
//
// A SASRec or BERT4Rec bundle (Manifest.Kind "sasrec", "bert4rec") encodes the user with a transformer over
// the request's History — the most recent items, oldest first, no stored user needed — and scores the items
// with the output (Encode returns it). A known user without a History is encoded from the items the
// bundle stores for them. A Session keeps one visitor's window and, for SASRec, the keys and values of every
// block, so that each new item costs one row through the model instead of the whole window:
//
//	sess, err := eng.NewSession(runtime.SessionOptions{})
//	sess.Append("item-42")
//	res, err := sess.Recommend(ctx, runtime.Request{K: 10, ExcludeSeen: true})
//
// The item embeddings are the transformer's input as well as the scored vectors: a bundle whose items are
// stored as int8 feeds the model dequantized embeddings.
//
// # Caveats
//
// The item embeddings are read in place from the bundle's bytes: the Engine must be closed only after the
// last request that uses it returns. A user who is neither in the bundle nor given a history gets the
// popular items (Result.Fallback says so) unless Options.UnknownUser asks for an error.
//
// # Concurrency
//
// An Engine is immutable after Open and safe for concurrent use by any number of goroutines. Close must not
// race with requests. RegisterRules may be called at any time (it is guarded by a lock); engines keep the
// reranker they were opened with. A RerankInput's callbacks belong to one request. A Session is not safe for concurrent use; any number of sessions may share an Engine.
package runtime
