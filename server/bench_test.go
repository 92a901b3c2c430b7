package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/internal/cputime"
	"github.com/corerec/corerec/runtime"
)

// benchBundles are the bundles of BenchmarkLoad: the demo's (1,000 items, int8, trained) where HTTP and
// JSON dominate, and 100,000 random f32 items where the scan dominates.
// With $EDGE_BENCH_DIR set, they are read from DIR/NAME.crec instead (cmd/edge/bench.sh: the bytes wrk's
// edge serves).
func benchBundles(b *testing.B) map[string][]byte {
	benchOnce.Do(func() {
		if dir := os.Getenv("EDGE_BENCH_DIR"); dir != "" {
			benchData = map[string][]byte{}
			for _, name := range []string{"demo-1000", "f32-100000"} {
				data, err := os.ReadFile(dir + "/" + name + ".crec")
				if err != nil {
					b.Fatal(err)
				}
				benchData[name] = data
			}
			return
		}
		demo, err := DemoBundle(context.Background(), 1)
		if err != nil {
			b.Fatal(err)
		}
		benchData = map[string][]byte{
			"demo-1000":  demo,
			"f32-100000": fixture{items: 100000, users: 2000, dim: 64, seed: 31}.bytes(b),
		}
	})
	return benchData
}

var (
	benchOnce sync.Once
	benchData map[string][]byte
)

// BenchmarkLoad runs the same requests (a known user, k = 10, exclude_seen) from conc goroutines three
// ways: over HTTP on loopback (a real server and client, keep-alive), through the handler in-process
// (JSON and middleware, no sockets), and straight into Engine.Recommend. It reports throughput and
// latency percentiles, and the process's CPU time per request (for impl=http it includes the client's).
func BenchmarkLoad(b *testing.B) {
	for _, name := range []string{"demo-1000", "f32-100000"} {
		data := benchBundles(b)[name]
		srv, err := New(context.Background(), Options{Source: &BytesSource{Name: name, Data: data},
			PollInterval: -1, Logger: slog.New(slog.DiscardHandler),
			Limits: Limits{MaxInFlight: 4096, RequestTimeout: time.Minute}}) // a starved shared machine must not time out
		if err != nil {
			b.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		go srv.Serve(ln)
		url := "http://" + ln.Addr().String() + "/v1/recommend"
		eng := srv.slots[0].acquire()
		users := eng.eng.Catalog().NumUsers()
		for _, conc := range []int{1, 4, 16, 64} {
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc, MaxConnsPerHost: conc}}
			impls := map[string]func(u int) error{
				"http":    func(u int) error { return viaHTTP(client, url, u) },
				"handler": func(u int) error { return viaHandler(srv.Handler(), u) },
				"engine":  func(u int) error { return viaEngine(eng.eng, u) },
			}
			for _, impl := range []string{"engine", "handler", "http"} {
				b.Run(fmt.Sprintf("bundle=%s/conc=%d/impl=%s", name, conc, impl), func(b *testing.B) {
					loadRun(b, conc, users, impls[impl])
				})
			}
			client.CloseIdleConnections()
		}
		eng.release()
		srv.Shutdown(context.Background())
	}
}

func userBody(u int) string { return fmt.Sprintf(`{"user":"u%04d","k":10,"exclude_seen":true}`, u) }

func viaHTTP(client *http.Client, url string, u int) error {
	resp, err := client.Post(url, "application/json", strings.NewReader(userBody(u)))
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %d", resp.StatusCode)
	}
	return err
}

func viaHandler(h http.Handler, u int) error {
	req := httptest.NewRequest(http.MethodPost, "/v1/recommend", strings.NewReader(userBody(u)))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK {
		return fmt.Errorf("status %d", w.Code)
	}
	return nil
}

func viaEngine(eng *runtime.Engine, u int) error {
	_, err := eng.Recommend(context.Background(), runtime.Request{User: fmt.Sprintf("u%04d", u), K: 10, ExcludeSeen: true})
	return err
}

// loadRun splits b.N calls over conc goroutines and reports req/s and latency percentiles.
func loadRun(b *testing.B, conc, users int, call func(u int) error) {
	b.ReportAllocs()
	lat := make([][]time.Duration, conc)
	per := b.N/conc + 1
	var wg sync.WaitGroup
	b.ResetTimer()
	start, cpu0 := time.Now(), cputime.CPU()
	for g := range conc {
		lat[g] = make([]time.Duration, 0, per)
		wg.Go(func() {
			for i := range per {
				t0 := time.Now()
				if err := call((g*per + i) % users); err != nil {
					b.Error(err)
					return
				}
				lat[g] = append(lat[g], time.Since(t0))
			}
		})
	}
	wg.Wait()
	elapsed, cpu := time.Since(start), cputime.CPU()-cpu0
	b.StopTimer()
	all := slices.Concat(lat...)
	slices.Sort(all)
	pct := func(p float64) float64 { return float64(all[min(len(all)-1, int(p*float64(len(all))))].Microseconds()) }
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
	b.ReportMetric(pct(0.999), "p999-µs")
	// CPU per request is what a shared machine cannot blur: throughput on dedicated cores is cores / CPU.
	b.ReportMetric(float64(cpu.Microseconds())/float64(len(all)), "cpu-µs/req")
}

// TestWriteLoadBundle writes BenchmarkLoad's 100K-item bundle to $EDGE_WRITE_BUNDLE for cmd/edge/bench.sh
// (wrk against the edge binary); it does nothing otherwise.
func TestWriteLoadBundle(t *testing.T) {
	path := os.Getenv("EDGE_WRITE_BUNDLE")
	if path == "" {
		t.Skip("set EDGE_WRITE_BUNDLE to write the bundle")
	}
	require.NoError(t, os.WriteFile(path, fixture{items: 100000, users: 2000, dim: 64, seed: 31}.bytes(t), 0o644))
}
