package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/modelpack"
)

// fixture describes a synthetic bundle: random embeddings, ids "i0000…" and "u0000…", a few seen items
// per user, popularity falling with the index.
type fixture struct {
	items, users, dim int
	seed              uint64
	nan               bool // poison the item embeddings (checksums fine, warm-up must refuse)
}

func (f fixture) bytes(t testing.TB) []byte {
	t.Helper()
	r := rand.New(rand.NewPCG(f.seed, 7))
	vec := func(n int) []float32 {
		v := make([]float32, n*f.dim)
		for i := range v {
			v[i] = float32(r.NormFloat64())
		}
		return v
	}
	items, users := vec(f.items), vec(f.users)
	if f.nan {
		for i := range items {
			items[i] = float32(math.NaN())
		}
	}
	cat := &modelpack.Catalog{ItemIDs: ids("i", f.items), UserIDs: ids("u", f.users)}
	seen := make([][]int32, f.users)
	for u := range seen {
		for j := 0; j < 3 && j < f.items; j++ {
			seen[u] = append(seen[u], int32((u+j*7)%f.items))
		}
	}
	pop := make([]float32, f.items)
	for i := range pop {
		pop[i] = float32(f.items - i)
	}
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindMF, Name: fmt.Sprintf("fixture-%d", f.seed),
		Dim: f.dim, Metric: modelpack.MetricDot})
	require.NoError(t, b.AddCatalog(cat))
	require.NoError(t, b.AddMatrix(modelpack.SectionItemEmbeddings, modelpack.Matrix{Rows: f.items, Cols: f.dim, F32: items}))
	require.NoError(t, b.AddMatrix(modelpack.SectionUserEmbeddings, modelpack.Matrix{Rows: f.users, Cols: f.dim, F32: users}))
	c, err := modelpack.NewCSR(seen, f.items)
	require.NoError(t, err)
	require.NoError(t, b.AddCSR(modelpack.SectionUserSeen, c))
	require.NoError(t, b.AddF32(modelpack.SectionItemPopularity, []int{f.items}, pop))
	var buf bytes.Buffer
	_, err = b.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%04d", prefix, i)
	}
	return out
}

var small = fixture{items: 200, users: 50, dim: 8, seed: 1}

// testServer is a Server listening on a real loopback port, with a client for it.
type testServer struct {
	*Server
	url    string
	client *http.Client
	logs   *syncBuffer
}

// start runs New and Serve on 127.0.0.1:0; the server is shut down when the test ends.
func start(t testing.TB, opt Options) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	if opt.PollInterval == 0 {
		opt.PollInterval = -1
	}
	srv, err := New(context.Background(), opt)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	ts := &testServer{Server: srv, url: "http://" + ln.Addr().String(), logs: logs,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		require.NoError(t, srv.Shutdown(ctx))
		require.ErrorIs(t, <-served, http.ErrServerClosed)
		ts.client.CloseIdleConnections()
	})
	return ts
}

func bytesOpt(data []byte) Options {
	return Options{Source: &BytesSource{Name: "test", Data: data}}
}

// do sends a request and returns the status and body.
func (ts *testServer) do(t testing.TB, method, path, body string, hdr ...string) (int, []byte, http.Header) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.url+path, rd)
	require.NoError(t, err)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := ts.client.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b, resp.Header
}

func (ts *testServer) recommend(t testing.TB, body string) (int, RecommendResponse, ErrorResponse) {
	t.Helper()
	code, b, _ := ts.do(t, http.MethodPost, "/v1/recommend", body, "Content-Type", "application/json")
	var ok RecommendResponse
	var bad ErrorResponse
	if code == http.StatusOK {
		require.NoError(t, json.Unmarshal(b, &ok), string(b))
	} else {
		require.NoError(t, json.Unmarshal(b, &bad), string(b))
	}
	return code, ok, bad
}

// syncBuffer is a bytes.Buffer safe for concurrent writers (the logger) and readers (the test).
type syncBuffer struct {
	mu  sync.Mutex // guards buf
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func sha256Of(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}
