// Package server is CoreRec's HTTP recommendation server (the library behind cmd/edge): a JSON API over
// runtime.Engine, bundles from files or URLs with hot reload and signatures, an A/B experiment mode,
// Prometheus metrics, and the protections a service in front of real traffic needs.
//
// # Basics
//
//	srv, err := server.New(ctx, server.Options{Bundle: "model.crec"})
//	if err != nil { ... }
//	ln, _ := net.Listen("tcp", "127.0.0.1:8080")
//	go srv.Serve(ln)
//	...
//	srv.Shutdown(ctx) // drains requests in flight
//
// Routes (api/openapi.yaml is the full contract): POST /v1/recommend, GET /v1/items/{id}/similar,
// GET /v1/bundle, GET /healthz, GET /readyz, GET /metrics, POST /admin/reload. Every answer other than
// 200 is a JSON ErrorResponse {error, code} with a stable code (the Code constants).
//
// # The pipeline
//
// POST /v1/recommend passes a request's attribute filter (category in / not in, tags with / without,
// created after / before), the user's ranking attributes and its pipeline overrides (retrievers,
// candidates, fusion, keep, blend, rank and rerank on or off, their budgets, rules and plugins on or off
// by name) to the engine. Every answer lists the stages with their counts, times and degraded reasons;
// with explain it adds the trace: each item's sources ("because you viewed X"), its positions after
// fusion and ranking, the rules' moves and removals, and the plugins that failed and were skipped.
//
// A bundle may carry reranking plugins (sections plugin.NAME, run by plugin rules of its rules spec;
// `pack build --plugin`). Such a bundle gets a plugin host of its own (package rules/plugin): its plugins
// are checked, metered and compiled before it may serve, and released with it. A failed plugin call is
// counted (edge_plugin_failures_total{variant,plugin,reason}); under its policy skip the request goes on
// without it and the rerank stage says so, under policy fail the request is a 500 plugin_failed.
//
// # Bundles and reloads
//
// A bundle comes from a Source: a file (polled for a new size, modification time or identity), an
// http(s) URL (polled with conditional GETs and ETags), or bytes in memory. A reload — from a poll,
// from Server.Reload (cmd/edge calls it on SIGHUP) or from POST /admin/reload — fetches the bundle,
// checks its ed25519 signature when Options.PublicKey is set, opens it with every section's checksum
// verified, and runs warm-up requests; only then is it swapped in atomically. A bundle failing any step
// is refused, logged and counted (edge_bundle_reloads_total{result="failed"}); the old one keeps
// serving. Bundles are reference-counted: a request finishes on the bundle it started with, and an old
// bundle is closed after its last request.
//
// # Protection
//
// Body size, k and list lengths are bounded (Limits); the HTTP server has read-header, read, write
// and idle timeouts; each pipeline request has a deadline carried by its context into the engine;
// at most Limits.MaxInFlight pipeline requests run at once and the rest are shed at once with 503
// and Retry-After rather than queued; a panicking request is logged with its request id and answered
// 500 while the server carries on; Shutdown drains requests in flight.
//
// # Concurrency
//
// A Server is safe for concurrent use: handlers run on any number of goroutines; reloads of one variant
// are serialised by the variant's mutex and never block requests (they read an atomic.Pointer). Metrics
// are atomic counters. Options must not be changed after New.
package server
