// Package rules holds CoreRec's built-in reranking rules and the Chain that applies them with an explicit
// precedence. Every rule is a runtime.Reranker built from a plain config struct whose zero value is a
// no-op (or a documented default) and whose fields carry JSON tags, so a rule can travel in a bundle.
//
// # Basics
//
// The rules, by stage (precedence class, highest first):
//
//   - filters: Blocklist (item ids, categories, tags) and Filter (category in / not in a set, created
//     before / after, maximum age, tags present / absent) remove items;
//   - pins: Pin moves an item to a fixed position;
//   - constraints: Diversity (at most N items per category or tag in the top K), MMR (maximal marginal
//     relevance over embedding cosine similarity), Fairness (target shares and minimum counts per group
//     in the top K), and Custom (any runtime.Reranker, a plugin for instance);
//   - boosts: Boost (additive or multiplicative, by id, category or tag) and Freshness (a boost that
//     halves with every half-life of item age) change scores.
//
// Build the rules, then a Chain:
//
//	div, _ := rules.NewDiversity(rules.DiversityConfig{MaxPerGroup: 2})
//	fresh, _ := rules.NewFreshness(rules.FreshnessConfig{Weight: 0.3, HalfLife: rules.Duration(72 * time.Hour)})
//	pin, _ := rules.NewPin(rules.PinConfig{Pins: []rules.PinEntry{{Item: "promo", Position: 0}}})
//	chain := rules.NewChain(rules.NewBlocklist(rules.BlocklistConfig{Block: rules.Match{Items: []string{"x"}}}),
//		fresh, div, pin)
//	out, err := chain.Rerank(ctx, &runtime.RerankInput{K: 10, Now: now, Catalog: cat}, cands)
//
// # Precedence
//
// Blocklist and filters > pins > constraints > boosts: a rule of a lower class can never undo the effect of
// a higher one. The Chain makes this structural rather than a matter of ordering rules carefully: whatever
// order its rules are given in, it removes blocked and filtered items first, applies the boosts in score
// space (each re-sorting by score), sets the pinned items aside, applies the constraints to the others,
// removes blocked and filtered items again if a custom rule ran, places the pinned items at their
// positions, and finally cuts to K. Since no stage adds items, a blocked item cannot come back; since the
// constraints never see the pinned items, none can move, drop or count them. Pins only move candidates: a
// pinned item that is not among the candidates (or that a filter removed) is not inserted — a reranker
// never invents items (runtime.Reranker's contract); make it a candidate upstream when it must appear.
// Within a stage, rules run in the order given; conflicting pins go to the pin listed first. See Chain for
// the exact steps.
//
// A rule on its own returns every candidate it keeps (it never cuts to K); a Chain cuts to the request's K
// at the end. Rules read the order of the candidates they receive as the ranking. Boost and Freshness
// change scores and re-sort (stable: equal scores keep their order); the constraints reorder without
// touching scores; the result of a Chain is therefore best-first by rank, not necessarily by score. Each
// constraint's window (the top positions it applies to) defaults to the request's K.
//
// Configs come from code or, as JSON, from a bundle, so the New functions return ErrConfig for an invalid
// config instead of panicking; Duration reads "72h" or seconds.
//
// In a bundle, rules travel as a ChainSpec (JSON, section modelpack.SectionRulesSpec); ParseChain builds
// its Chain. Importing this package registers ParseChain with runtime.RegisterRules, so runtime.Open runs a
// bundle's rules as the pipeline's rerank stage. A Chain honours the request's rule switches
// (RerankInput.Rules; a spec may mark a rule "off" by default) and its rerank budget (RerankInput.OverBudget:
// the soft rules not yet run are skipped, filters and pins still apply).
//
// A Trace (Chain.RerankTrace, or WithTrace on the context) records which rule moved or removed each item,
// for a pipeline's explain output.
//
// # Caveats
//
// Without a catalog in the RerankInput every item has no id, category, tags or creation time: id, category
// and tag rules match nothing, pins are ignored, and creation-time filters drop every item (unless
// KeepUnknownAge). Freshness needs the request's Now: a zero Now leaves scores unchanged, so results never
// depend on the wall clock. MMR needs RerankInput.Embedding. Rules never panic on bad candidates: indices
// outside the catalog simply have no attributes. Rules that select items by id resolve the ids once per
// catalog and remember the last catalog they saw, which keeps it reachable until a request brings another.
//
// # Concurrency
//
// Every rule and Chain is immutable after construction and safe for concurrent use by any number of
// goroutines; per-request state lives on the call's stack or in a sync.Pool. A Trace belongs to one
// request. Rules may reuse the candidate slice they receive for their result (runtime.Reranker's contract),
// so a caller that needs its input afterwards passes a copy.
package rules
