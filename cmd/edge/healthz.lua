-- wrk script for edge: GET /healthz, the floor of HTTP cost (net/http, middleware, a tiny JSON answer) that
-- cmd/edge/bench.sh sets beside POST /v1/recommend.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d req/s=%.0f p50_us=%d p99_us=%d p999_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    latency:percentile(99.9), e.status, e.connect + e.read + e.write + e.timeout))
end
