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
// race with requests. A Session is not safe for concurrent use; any number of sessions may share an Engine.
package runtime
