package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// blocker holds pipeline requests inside the handler until released.
type blocker struct {
	entered chan struct{}
	release chan struct{}
}

func newBlocker() *blocker {
	return &blocker{entered: make(chan struct{}, 1024), release: make(chan struct{})}
}

func (b *blocker) hook(ctx context.Context, route string) {
	b.entered <- struct{}{}
	<-b.release
}

func TestShedsLoadWith503(t *testing.T) {
	opt := bytesOpt(small.bytes(t))
	opt.Limits.MaxInFlight = 2
	ts := start(t, opt)
	bl := newBlocker()
	ts.hook = bl.hook
	var wg sync.WaitGroup
	codes := make(chan int, 2)
	for range 2 {
		wg.Go(func() {
			code, _, _ := ts.recommend(t, `{"user":"u0001"}`)
			codes <- code
		})
	}
	<-bl.entered
	<-bl.entered
	code, body, hdr := ts.do(t, http.MethodPost, "/v1/recommend", `{"user":"u0002"}`)
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.Equal(t, "1", hdr.Get("Retry-After"))
	var e ErrorResponse
	require.NoError(t, json.Unmarshal(body, &e))
	require.Equal(t, CodeOverloaded, e.Code)
	// Operations endpoints are not limited.
	code, _, _ = ts.do(t, http.MethodGet, "/healthz", "")
	require.Equal(t, http.StatusOK, code)
	close(bl.release)
	wg.Wait()
	require.Equal(t, 200, <-codes)
	require.Equal(t, 200, <-codes)
	ts.hook = nil
	_, m, _ := ts.do(t, http.MethodGet, "/metrics", "")
	require.Contains(t, string(m), "edge_requests_shed_total 1\n")
	require.Contains(t, string(m), `edge_http_requests_total{route="recommend",code="503"} 1`)
	requireUnharmed(t, ts)
}

func TestDeadlineReachesTheEngine(t *testing.T) {
	opt := bytesOpt(small.bytes(t))
	opt.Limits.RequestTimeout = 50e6 // 50 ms
	ts := start(t, opt)
	ts.hook = func(ctx context.Context, route string) { <-ctx.Done() } // the pipeline outlives its deadline
	code, body, hdr := ts.do(t, http.MethodPost, "/v1/recommend", `{"user":"u0001"}`)
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.NotEmpty(t, hdr.Get("Retry-After"))
	var e ErrorResponse
	require.NoError(t, json.Unmarshal(body, &e))
	require.Equal(t, CodeTimeout, e.Code)
	ts.hook = nil
	requireUnharmed(t, ts)
}

func TestPanicIsRecoveredAndLogged(t *testing.T) {
	ts := start(t, bytesOpt(small.bytes(t)))
	ts.hook = func(ctx context.Context, route string) { panic("boom") }
	code, body, hdr := ts.do(t, http.MethodPost, "/v1/recommend", `{"user":"u0001"}`, "X-Request-Id", "req-panic-1")
	require.Equal(t, http.StatusInternalServerError, code)
	var e ErrorResponse
	require.NoError(t, json.Unmarshal(body, &e))
	require.Equal(t, CodeInternal, e.Code)
	require.Equal(t, "req-panic-1", hdr.Get("X-Request-Id"))
	logs := ts.logs.String()
	require.Contains(t, logs, `"msg":"panic in request"`)
	require.Contains(t, logs, `"request_id":"req-panic-1"`)
	require.Contains(t, logs, `"panic":"boom"`)
	ts.hook = nil
	requireUnharmed(t, ts)
	_, m, _ := ts.do(t, http.MethodGet, "/metrics", "")
	require.Contains(t, string(m), "edge_panics_total 1\n")
}

// A body of 64 MiB against the default 1 MiB limit is refused without reading it all.
func TestHugeStreamedBody(t *testing.T) {
	ts := start(t, bytesOpt(small.bytes(t)))
	body := io.MultiReader(strings.NewReader(`{"user":"`), &zeros{n: 64 << 20}, strings.NewReader(`"}`))
	req, err := http.NewRequest(http.MethodPost, ts.url+"/v1/recommend", body)
	require.NoError(t, err)
	resp, err := ts.client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
	var e ErrorResponse
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&e))
	require.Equal(t, CodeBodyTooLarge, e.Code)
	requireUnharmed(t, ts)
}

// zeros reads n letters 'a'.
type zeros struct{ n int }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), z.n)
	for i := range k {
		p[i] = 'a'
	}
	z.n -= k
	return k, nil
}
