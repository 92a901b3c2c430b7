package server

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	goruntime "runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// writeFile replaces path atomically (temporary file, rename), as a deploy should.
func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	tmp := path + ".tmp"
	require.NoError(t, os.WriteFile(tmp, data, 0o644))
	require.NoError(t, os.Rename(tmp, path))
}

// corruptions are bundles that must be refused: each breaks a different check.
func corruptions(t testing.TB, good []byte) map[string][]byte {
	flipped := append([]byte(nil), good...)
	flipped[len(flipped)-100] ^= 0x55 // a payload byte: its section's CRC32C fails
	nan := fixture{items: 200, users: 50, dim: 8, seed: 9, nan: true}.bytes(t)
	return map[string][]byte{
		"truncated":  good[:len(good)/2],
		"flipped":    flipped,
		"garbage":    []byte("this is not a bundle at all, not even close; it is a sentence"),
		"empty":      {},
		"NaN scores": nan, // checksums fine; the warm-up refuses it
	}
}

type reloadEvent struct {
	variant, version string
	err              error
}

func onReload(ch chan reloadEvent) func(string, string, error) {
	return func(v, ver string, err error) { ch <- reloadEvent{v, ver, err} }
}

func TestCorruptBundleRefusedAtStart(t *testing.T) {
	for name, data := range corruptions(t, small.bytes(t)) {
		t.Run(name, func(t *testing.T) {
			_, err := New(context.Background(), Options{Source: &BytesSource{Name: name, Data: data}, PollInterval: -1})
			require.ErrorIs(t, err, ErrRefused)
		})
	}
}

func TestReloadOnFileChange(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.crec")
	a, b := small.bytes(t), fixture{items: 300, users: 40, dim: 8, seed: 2}.bytes(t)
	writeFile(t, path, a)
	events := make(chan reloadEvent, 16)
	ts := start(t, Options{Bundle: path, PollInterval: 10 * time.Millisecond, OnReload: onReload(events)})
	require.Nil(t, (<-events).err) // the first load
	_, first, _ := ts.recommend(t, `{"user":"u0001"}`)

	writeFile(t, path, b)
	ev := <-events
	require.NoError(t, ev.err)
	_, second, _ := ts.recommend(t, `{"user":"u0001"}`)
	require.Equal(t, ev.version, second.Bundle)
	require.NotEqual(t, first.Bundle, second.Bundle)

	for name, bad := range corruptions(t, a) {
		writeFile(t, path, bad)
		ev = <-events
		require.ErrorIs(t, ev.err, ErrRefused, name)
		code, res, _ := ts.recommend(t, `{"user":"u0001"}`)
		require.Equal(t, http.StatusOK, code, name)
		require.Equal(t, second.Bundle, res.Bundle, "%s: the old bundle keeps serving", name)
	}
	_, m, _ := ts.do(t, http.MethodGet, "/metrics", "")
	require.Contains(t, string(m), `edge_bundle_reloads_total{variant="a",result="failed"} 5`)
	require.Contains(t, string(m), `edge_bundle_reloads_total{variant="a",result="ok"} 2`)
	require.Contains(t, ts.logs.String(), "bundle refused; the previous bundle keeps serving")
}

func TestAdminReload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.crec")
	writeFile(t, path, small.bytes(t))
	ts := start(t, Options{Bundle: path, AdminToken: "s3cret"})
	for name, hdr := range map[string][]string{
		"no token":    nil,
		"wrong token": {"Authorization", "Bearer guess"},
		"basic auth":  {"Authorization", "Basic czNjcmV0"},
	} {
		t.Run(name, func(t *testing.T) {
			code, body, h := ts.do(t, http.MethodPost, "/admin/reload", "", hdr...)
			require.Equal(t, http.StatusUnauthorized, code, string(body))
			require.Contains(t, h.Get("WWW-Authenticate"), "Bearer")
		})
	}
	auth := []string{"Authorization", "Bearer s3cret"}
	writeFile(t, path, fixture{items: 120, users: 10, dim: 4, seed: 3}.bytes(t))
	code, body, _ := ts.do(t, http.MethodPost, "/admin/reload", "", auth...)
	require.Equal(t, http.StatusOK, code, string(body))
	var rr ReloadResponse
	require.NoError(t, json.Unmarshal(body, &rr))
	require.Len(t, rr.Variants, 1)
	require.True(t, rr.Variants[0].Reloaded)
	_, res, _ := ts.recommend(t, `{"user":"u0001"}`)
	require.Equal(t, rr.Variants[0].Version, res.Bundle)

	writeFile(t, path, []byte("corrupt"))
	code, body, _ = ts.do(t, http.MethodPost, "/admin/reload", "", auth...)
	require.Equal(t, http.StatusUnprocessableEntity, code)
	require.Contains(t, string(body), CodeBundleRefused)
	require.NoError(t, os.Remove(path))
	code, body, _ = ts.do(t, http.MethodPost, "/admin/reload", "", auth...)
	require.Equal(t, http.StatusBadGateway, code)
	require.Contains(t, string(body), CodeFetchFailed)
	_, res2, _ := ts.recommend(t, `{"user":"u0001"}`)
	require.Equal(t, res.Bundle, res2.Bundle)
}

// A request that started on a bundle finishes on it, however many reloads happen meanwhile; the old
// engine is closed after that request.
func TestInFlightRequestFinishesOnItsBundle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.crec")
	writeFile(t, path, small.bytes(t))
	ts := start(t, Options{Bundle: path})
	bl := newBlocker()
	ts.hook = bl.hook
	done := make(chan RecommendResponse)
	go func() {
		_, res, _ := ts.recommend(t, `{"user":"u0001"}`)
		done <- res
	}()
	<-bl.entered
	old := ts.slots[0].version()
	for seed := range uint64(3) {
		writeFile(t, path, fixture{items: 150, users: 20, dim: 8, seed: 10 + seed}.bytes(t))
		require.NoError(t, ts.Reload(context.Background()))
	}
	require.Equal(t, int64(2), ts.metrics.bundlesOpen.Load(), "the held one and the newest")
	close(bl.release)
	res := <-done
	require.Equal(t, old, res.Bundle)
	eventually(t, func() bool { return ts.metrics.bundlesOpen.Load() == 1 })
}

// eventually waits (yielding, without sleeping) until cond holds, failing after 10 s.
func eventually(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 10 s")
		}
		goruntime.Gosched()
	}
}
