// Package pipeline holds the end-to-end benchmark of the funnel (issue 5): a 100,000-item bundle with an
// HNSW graph, a DCN-v2 ranker and reranking rules, assembled in code (bundle.go), and BenchmarkFunnel
// (bench_test.go), which reports the median and 99th-percentile latency of one request. ml100k.sh runs the
// funnel on MovieLens 100K and evaluates it beside retrieval alone.
//
// Run: GOMAXPROCS=1 go test -run XXX -bench Funnel -benchtime 2000x -count 5 ./bench/pipeline/
//
// # Concurrency
//
// Nothing here is shared: the benchmark builds one bundle and sends requests one at a time.
package pipeline
