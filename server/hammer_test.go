package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// loadGen sends recommendation and similar-item requests from a few goroutines until stopped, counting
// answers and anything that is not a 200.
type loadGen struct {
	ok, failed atomic.Int64
	mu         sync.Mutex // guards firstErr
	firstErr   string
	stop       context.CancelFunc
	wg         sync.WaitGroup
}

func runLoad(url string, client *http.Client, workers, users, items int) *loadGen {
	ctx, cancel := context.WithCancel(context.Background())
	g := &loadGen{stop: cancel}
	for w := range workers {
		g.wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				g.one(client, url, w, i, users, items)
			}
		})
	}
	return g
}

func (g *loadGen) one(client *http.Client, url string, w, i, users, items int) {
	var resp *http.Response
	var err error
	if i%4 == 3 {
		resp, err = client.Get(fmt.Sprintf("%s/v1/items/i%04d/similar?k=10", url, (w*7919+i)%items))
	} else {
		body := fmt.Sprintf(`{"user":"u%04d","k":10,"exclude_seen":true}`, (w*104729+i)%users)
		resp, err = client.Post(url+"/v1/recommend", "application/json", strings.NewReader(body))
	}
	if err == nil {
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err == nil && resp.StatusCode != http.StatusOK {
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
	}
	if err != nil {
		g.failed.Add(1)
		g.mu.Lock()
		if g.firstErr == "" {
			g.firstErr = err.Error()
		}
		g.mu.Unlock()
		return
	}
	g.ok.Add(1)
}

func (g *loadGen) halt() {
	g.stop()
	g.wg.Wait()
}

// heapAfterGC is the live heap after two collections (the second frees what the first's finalizers and
// sync.Pool victim caches released).
func heapAfterGC() uint64 {
	var m goruntime.MemStats
	goruntime.GC()
	goruntime.GC()
	goruntime.ReadMemStats(&m)
	return m.HeapAlloc
}

// 100 reloads alternating good and corrupt bundles under sustained load: no request fails, every corrupt
// bundle is refused, the old engines are all closed and the heap returns to its size before the run.
func TestHundredReloadsUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("long: 100 reloads of 3 MB bundles under load")
	}
	goods := [][]byte{
		fixture{items: 20000, users: 2000, dim: 32, seed: 21}.bytes(t),
		fixture{items: 20000, users: 2000, dim: 32, seed: 22}.bytes(t),
	}
	var bads [][]byte
	var badNames []string
	for name, b := range corruptions(t, goods[0]) {
		bads, badNames = append(bads, b), append(badNames, name)
	}
	path := filepath.Join(t.TempDir(), "m.crec")
	writeFile(t, path, goods[0])
	ts := start(t, Options{Bundle: path, AdminToken: "tok"})
	load := runLoad(ts.url, ts.client, 4, 2000, 20000)
	eventually(t, func() bool { return load.ok.Load() >= 200 })
	baseline := heapAfterGC()
	begin := time.Now()

	for i := range 100 {
		target := load.ok.Load() + 40 // the load runs across every reload
		data, good := bads[(i/2)%len(bads)], i%2 == 0
		if good {
			data = goods[(i/2+1)%2]
		}
		writeFile(t, path, data)
		err := reloadOnce(t, ts, i%4 >= 2)
		if good {
			require.NoError(t, err, "reload %d", i)
			require.Equal(t, fmt.Sprintf("%x", sha256Of(data))[:16], ts.slots[0].version())
		} else {
			require.Error(t, err, "reload %d (%s) must be refused", i, badNames[(i/2)%len(bads)])
		}
		eventually(t, func() bool { return load.ok.Load() >= target || load.failed.Load() > 0 })
	}
	elapsed := time.Since(begin)
	load.halt()
	require.Zero(t, load.failed.Load(), "first failure: %s", load.firstErr)
	t.Logf("100 reloads in %v under load: %d requests, none failed", elapsed.Round(time.Millisecond), load.ok.Load())

	_, m, _ := ts.do(t, http.MethodGet, "/metrics", "")
	require.Contains(t, string(m), `edge_bundle_reloads_total{variant="a",result="failed"} 50`)
	require.Contains(t, string(m), `edge_bundle_reloads_total{variant="a",result="ok"} 51`)
	eventually(t, func() bool { return ts.metrics.bundlesOpen.Load() == 1 })
	ts.client.CloseIdleConnections()
	after := heapAfterGC()
	t.Logf("heap: %d KiB before, %d KiB after (one bundle is %d KiB)", baseline>>10, after>>10, len(goods[0])>>10)
	require.Less(t, after, baseline+uint64(len(goods[0]))*2, "the heap grew by more than two bundles: engines leak")
}

// reloadOnce reloads through POST /admin/reload or through Server.Reload (the SIGHUP path).
func reloadOnce(t *testing.T, ts *testServer, admin bool) error {
	if !admin {
		return ts.Reload(context.Background())
	}
	code, body, _ := ts.do(t, http.MethodPost, "/admin/reload", "", "Authorization", "Bearer tok")
	if code != http.StatusOK {
		return fmt.Errorf("admin reload: %d %s", code, body)
	}
	return nil
}

// Shutdown under load: every request the server accepted is answered, including those in flight when it
// began; then Serve returns and the bundles close.
func TestShutdownUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("long: shutdown under load")
	}
	srv, err := New(context.Background(), Options{Source: &BytesSource{Name: "t", Data: small.bytes(t)}, PollInterval: -1,
		Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	var entered atomic.Int64
	bl := newBlocker()
	const held = 8
	srv.hook = func(ctx context.Context, route string) {
		if entered.Add(1) <= held {
			bl.hook(ctx, route)
		}
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	load := runLoad("http://"+ln.Addr().String(), client, 16, 50, 200)
	for range held {
		<-bl.entered
	}
	eventually(t, func() bool { return load.ok.Load() >= 100 })
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		done <- srv.Shutdown(ctx)
	}()
	eventually(t, func() bool { // the listener is closed: new connections are refused
		c, err := net.Dial("tcp", ln.Addr().String())
		if err == nil {
			c.Close()
		}
		return err != nil
	})
	// While draining, /readyz tells load balancers to stop sending (the listener is gone: ask the handler).
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
	require.Equal(t, http.StatusServiceUnavailable, rec.Code)
	close(bl.release)
	require.NoError(t, <-done)
	require.ErrorIs(t, <-served, http.ErrServerClosed)
	load.halt()
	require.Equal(t, entered.Load(), load.ok.Load(), "every request that reached a handler got its 200")
	require.Equal(t, int64(0), srv.metrics.bundlesOpen.Load())
	t.Logf("%d requests answered; %d refused after the listener closed", load.ok.Load(), load.failed.Load())
}
