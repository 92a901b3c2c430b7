package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/runtime"
)

func TestRecommendOverLoopback(t *testing.T) {
	data := small.bytes(t)
	ts := start(t, bytesOpt(data))
	eng, err := runtime.OpenBytes(data, runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()

	for name, c := range map[string]struct {
		body string
		req  runtime.Request
	}{
		"known user":     {`{"user":"u0003","k":5,"exclude_seen":true}`, runtime.Request{User: "u0003", K: 5, ExcludeSeen: true}},
		"history only":   {`{"history":["i0001","i0002"],"k":3}`, runtime.Request{History: []string{"i0001", "i0002"}, K: 3}},
		"allow and deny": {`{"user":"u0001","allow":["i0005","i0006","i0007"],"deny":["i0006"]}`, runtime.Request{User: "u0001", Allow: []string{"i0005", "i0006", "i0007"}, Deny: []string{"i0006"}}},
		"default k":      {`{"user":"u0002","now":"2025-01-31T12:00:00Z"}`, runtime.Request{User: "u0002"}},
	} {
		t.Run(name, func(t *testing.T) {
			code, res, bad := ts.recommend(t, c.body)
			require.Equal(t, http.StatusOK, code, bad.Error)
			want, err := eng.Recommend(t.Context(), c.req)
			require.NoError(t, err)
			require.Len(t, res.Items, len(want.Items))
			for i, it := range want.Items {
				require.Equal(t, it.ID, res.Items[i].ID)
				require.InDelta(t, it.Score, res.Items[i].Score, 1e-6)
			}
			require.Equal(t, "a", res.Variant)
			require.Len(t, res.Bundle, 16)
			require.Contains(t, res.TimingsUs, "total")
			require.Contains(t, res.TimingsUs, "retrieve")
			require.NotEmpty(t, res.RequestID)
			require.Nil(t, res.Trace)
			require.NotEmpty(t, res.Stages)
		})
	}
}

func TestRecommendExplainFallbackIgnored(t *testing.T) {
	ts := start(t, bytesOpt(small.bytes(t)))
	code, res, _ := ts.recommend(t, `{"user":"stranger","k":4,"explain":true,"deny":["nope"]}`)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, "popular", res.Fallback)
	require.Equal(t, []string{"nope"}, res.Ignored)
	require.Len(t, res.Items, 4)
	require.Equal(t, "i0000", res.Items[0].ID) // popularity falls with the index
	require.Len(t, res.Stages, 2)
	require.Equal(t, "encode", res.Stages[0].Stage)
	require.Equal(t, "fallback", res.Stages[1].Stage)
	require.Equal(t, 4, res.Stages[1].Out)
	require.False(t, res.Degraded)
	require.NotNil(t, res.Trace, "explain asks for the trace")
}

func TestSimilarBundleHealthReadyMetrics(t *testing.T) {
	ts := start(t, bytesOpt(small.bytes(t)))

	code, body, _ := ts.do(t, http.MethodGet, "/v1/items/i0007/similar?k=3", "")
	require.Equal(t, http.StatusOK, code, string(body))
	var sim RecommendResponse
	require.NoError(t, json.Unmarshal(body, &sim))
	require.Len(t, sim.Items, 3)
	for _, it := range sim.Items {
		require.NotEqual(t, "i0007", it.ID)
	}

	code, body, _ = ts.do(t, http.MethodGet, "/v1/bundle", "")
	require.Equal(t, http.StatusOK, code)
	var info BundleResponse
	require.NoError(t, json.Unmarshal(body, &info))
	require.Len(t, info.Bundles, 1)
	b := info.Bundles[0]
	require.Equal(t, "a", b.Variant)
	require.Equal(t, sim.Bundle, b.Version)
	require.Equal(t, 200, b.Items)
	require.Equal(t, 50, b.Users)
	require.Equal(t, 8, b.Dim)
	require.Equal(t, "fixture-1", b.Manifest.Name)
	require.Equal(t, 1.0, b.Share)

	code, body, _ = ts.do(t, http.MethodGet, "/healthz", "")
	require.Equal(t, http.StatusOK, code)
	require.JSONEq(t, `{"status":"ok"}`, string(body))
	code, body, _ = ts.do(t, http.MethodGet, "/readyz", "")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, string(body), sim.Bundle)

	code, body, hdr := ts.do(t, http.MethodGet, "/metrics", "")
	require.Equal(t, http.StatusOK, code)
	require.Contains(t, hdr.Get("Content-Type"), "text/plain")
	m := string(body)
	for _, want := range []string{
		`edge_http_requests_total{route="similar",code="200"} 1`,
		`edge_http_request_duration_seconds_bucket{route="bundle",code="200",le="+Inf"} 1`,
		`edge_stage_duration_seconds_count{variant="a",stage="retrieve"} 1`,
		`edge_variant_requests_total{variant="a",route="similar"} 1`,
		`edge_bundle_reloads_total{variant="a",result="ok"} 1`,
		`edge_bundle_info{variant="a",version="` + sim.Bundle + `",name="fixture-1",kind="mf",source="test"} 1`,
		`edge_bundles_open 1`,
		`edge_requests_in_flight 1`, // the scrape itself
		"# TYPE edge_http_request_duration_seconds histogram",
	} {
		require.Contains(t, m, want)
	}
	checkExposition(t, m)
}

// checkExposition checks the Prometheus text format's shape: every sample line is NAME{labels} VALUE or
// NAME VALUE, every metric has HELP and TYPE first.
func checkExposition(t *testing.T, text string) {
	t.Helper()
	typed := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if name, ok := strings.CutPrefix(line, "# TYPE "); ok {
			typed[strings.Fields(name)[0]] = true
			continue
		}
		if strings.HasPrefix(line, "# HELP ") {
			continue
		}
		name := line[:strings.IndexAny(line, "{ ")]
		base := name
		for _, suf := range []string{"_bucket", "_sum", "_count"} {
			if b, ok := strings.CutSuffix(name, suf); ok && typed[b] {
				base = b
			}
		}
		require.True(t, typed[base], "sample before its TYPE: %s", line)
		fields := strings.Fields(line[strings.LastIndex(line, "}")+1:])
		if !strings.Contains(line, "{") {
			fields = strings.Fields(line)[1:]
		}
		require.Len(t, fields, 1, line)
	}
}

func TestRoutesAndMethods(t *testing.T) {
	ts := start(t, bytesOpt(small.bytes(t)))
	for name, c := range map[string]struct {
		method, path string
		status       int
		code         string
	}{
		"unknown route":      {"GET", "/v2/nothing", 404, CodeNotFound},
		"GET recommend":      {"GET", "/v1/recommend", 405, CodeMethodNotAllowed},
		"POST similar":       {"POST", "/v1/items/i0001/similar", 405, CodeMethodNotAllowed},
		"DELETE bundle":      {"DELETE", "/v1/bundle", 405, CodeMethodNotAllowed},
		"admin disabled":     {"POST", "/admin/reload", 404, CodeNotFound},
		"similar no id":      {"GET", "/v1/items//similar", 404, CodeNotFound},
		"trailing path part": {"GET", "/v1/items/i0001/similar/x", 404, CodeNotFound},
	} {
		t.Run(name, func(t *testing.T) {
			code, body, hdr := ts.do(t, c.method, c.path, "")
			require.Equal(t, c.status, code, string(body))
			var e ErrorResponse
			require.NoError(t, json.Unmarshal(body, &e))
			require.Equal(t, c.code, e.Code)
			require.NotEmpty(t, e.Error)
			require.Equal(t, hdr.Get("X-Request-Id"), e.RequestID)
			if c.status == 405 {
				require.NotEmpty(t, hdr.Get("Allow"))
			}
		})
	}
}

func TestRequestIDPropagates(t *testing.T) {
	ts := start(t, bytesOpt(small.bytes(t)))
	_, body, hdr := ts.do(t, "POST", "/v1/recommend", `{"user":"u0001"}`, "X-Request-Id", "trace-42")
	require.Equal(t, "trace-42", hdr.Get("X-Request-Id"))
	require.Contains(t, string(body), `"request_id":"trace-42"`)
	// An id with odd characters is replaced, not echoed.
	_, _, hdr = ts.do(t, "POST", "/v1/recommend", `{"user":"u0001"}`, "X-Request-Id", "<script>")
	require.NotEqual(t, "<script>", hdr.Get("X-Request-Id"))
	require.NotEmpty(t, hdr.Get("X-Request-Id"))
}
