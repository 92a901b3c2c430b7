// Package rule holds the three example reranking rules of rules/examples, written against the Go SDK. The
// plugins in ../newer, ../diverse and ../band register them; the host's tests and benchmarks also run them
// natively, as the floor a plugin's cost is measured against. The AssemblyScript and WAT examples implement
// the same rules, and a test checks that every implementation gives the same answer.
//
// # Concurrency
//
// The rules keep per-call scratch in package variables: one call at a time, as in a plugin instance.
package rule
