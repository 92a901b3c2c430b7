-- wrk script for edge: POST /v1/recommend for users u0000…u1999 in turn (k = 10, exclude_seen), and the
-- latency percentiles wrk does not print by itself. Usage: wrk -s cmd/edge/recommend.lua http://HOST:PORT
local i = 0
request = function()
  i = i + 1
  local body = string.format('{"user":"u%04d","k":10,"exclude_seen":true}', i % 2000)
  return wrk.format("POST", "/v1/recommend", { ["Content-Type"] = "application/json" }, body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT req/s=%.0f p50_us=%d p99_us=%d p999_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99),
    latency:percentile(99.9), e.status, e.connect + e.read + e.write + e.timeout))
end
