// Package eval measures recommendation quality by full ranking: every item
// of the catalog is scored for a user, the user's seen items are masked, and
// the held-out targets are located in what remains. No negatives are
// sampled.
//
// # Protocol
//
// A [Case] is one user with the items to mask (Seen) and the items to find
// (Targets). [LeaveOneOutCases] builds the project's standard cases from a
// dataset.Split (test: target = last item, Seen = train + validation item;
// validation: target = second to last, Seen = train). [HoldoutCases] builds
// cases from a given train/test split such as Gowalla's, where a user has
// several targets.
//
// Metrics, averaged over cases (K from [Options.Ks], 10 and 20 by default):
//
//   - HR@K: 1 if any target is in the top K.
//   - Recall@K: targets in the top K / number of targets (the LightGCN
//     definition; equal to HR@K for a single target).
//   - NDCG@K: binary relevance, DCG = Σ 1/log2(rank+2) over targets in the
//     top K (rank 0-based), divided by the ideal DCG of min(K, |targets|) hits.
//   - MRR: 1/(rank+1) of the best-ranked target over the full ranking
//     (untruncated).
//   - Coverage@K: share of the catalog appearing in at least one top K.
//
// Each averaged metric but coverage comes with its standard error over the
// cases ([Report.RecallSE] and its siblings): a difference between two
// published figures that is small against it says little either way.
//
// Ranking is deterministic: higher scores rank first, equal scores rank by
// smaller item index first, NaN scores rank last. A target is never masked,
// even if it is also in Seen (repeat consumption). The rank of the best
// target is counted exactly in one O(n) pass; the top-K lists come from a
// bounded heap in the same pass.
//
// # Concurrency
//
// [Evaluate] scores cases on several goroutines and calls [Scorer.Score]
// concurrently, so a Scorer must be safe for concurrent use. Its result does
// not depend on the number of workers. Reports and the baseline scorers are
// immutable and safe to share.
package eval
