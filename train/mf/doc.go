// Package mf trains matrix factorisation with the BPR loss (Rendle et al. 2009): a user vector and an item
// vector per id, scored by their dot product, trained so that each user's observed items score above
// sampled unobserved ones.
//
// Training is stochastic gradient descent over (user, positive, negative) triples, split across workers
// that update the shared tables without locks (Hogwild). With Workers = 1 a run is fully reproducible from
// its seed; with more workers the order of updates depends on scheduling and results differ slightly from
// run to run (see RATIONALE.md). Validation NDCG@10, when validation cases are given, picks the best epoch
// and stops training after Patience epochs without improvement.
//
// # Concurrency
//
// Train may be called from any goroutine; a Model is read-only after Train returns and safe for concurrent
// scoring.
package mf
