package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/server/sign"
)

func TestSignedBundles(t *testing.T) {
	pub, priv, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	_, other, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "m.crec")
	a := small.bytes(t)
	writeFile(t, path, a)
	opt := Options{Bundle: path, PublicKey: pub, PollInterval: -1}

	_, err = New(context.Background(), opt)
	require.ErrorIs(t, err, ErrRefused)
	require.ErrorContains(t, err, "no signature")

	writeFile(t, path+".sig", sign.Sign(priv, a))
	ts := start(t, opt)
	_, body, _ := ts.do(t, http.MethodGet, "/v1/bundle", "")
	require.Contains(t, string(body), `"signed":true`)
	v1 := ts.slots[0].version()

	b := fixture{items: 90, users: 9, dim: 8, seed: 4}.bytes(t)
	for name, sig := range map[string][]byte{
		"stale signature":  nil, // the old bundle's signature beside a new bundle
		"someone else's":   sign.Sign(other, b),
		"garbage":          []byte("corrupt"),
		"other bundle sig": sign.Sign(priv, a),
	} {
		t.Run(name, func(t *testing.T) {
			writeFile(t, path, b)
			if sig != nil {
				writeFile(t, path+".sig", sig)
			}
			require.ErrorIs(t, ts.Reload(context.Background()), ErrRefused)
			require.Equal(t, v1, ts.slots[0].version())
		})
	}
	writeFile(t, path+".sig", sign.Sign(priv, b))
	require.NoError(t, ts.Reload(context.Background()))
	require.NotEqual(t, v1, ts.slots[0].version())
}

// bundleHost serves a bundle and its signature over loopback with ETags, counting requests and 304s.
type bundleHost struct {
	mu         sync.Mutex // guards files
	files      map[string][]byte
	gets, n304 atomic.Int64
}

func (h *bundleHost) set(name string, data []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if data == nil {
		delete(h.files, name)
		return
	}
	h.files[name] = data
}

func (h *bundleHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.gets.Add(1)
	h.mu.Lock()
	data, ok := h.files[r.URL.Path]
	h.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	sum := sha256.Sum256(data)
	etag := `"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		h.n304.Add(1)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(data)
}

func TestURLSourceRevalidatesWithETag(t *testing.T) {
	pub, priv, err := sign.GenerateKey(nil)
	require.NoError(t, err)
	host := &bundleHost{files: map[string][]byte{}}
	hs := httptest.NewServer(host) // 127.0.0.1
	defer hs.Close()
	a, b := small.bytes(t), fixture{items: 64, users: 5, dim: 8, seed: 5}.bytes(t)
	host.set("/m.crec", a)
	host.set("/m.crec.sig", sign.Sign(priv, a))
	ts := start(t, Options{Bundle: hs.URL + "/m.crec", PublicKey: pub})
	sl := ts.slots[0]
	v1 := sl.version()

	changed, err := sl.reload(context.Background(), false)
	require.NoError(t, err)
	require.False(t, changed)
	require.Equal(t, int64(2), host.n304.Load(), "bundle and signature revalidated, not downloaded")

	host.set("/m.crec", b) // a new bundle, its signature not yet uploaded: refused
	_, err = sl.reload(context.Background(), false)
	require.ErrorIs(t, err, ErrRefused)
	_, err = sl.reload(context.Background(), false)
	require.NoError(t, err, "the refused bundle is not retried until something changes")
	host.set("/m.crec.sig", sign.Sign(priv, b))
	changed, err = sl.reload(context.Background(), false)
	require.NoError(t, err)
	require.True(t, changed)
	require.NotEqual(t, v1, sl.version())

	host.set("/m.crec", nil)
	_, err = sl.reload(context.Background(), true)
	require.ErrorIs(t, err, ErrFetch)
	require.ErrorContains(t, err, "404")
	requireUnharmed(t, ts)
}

func TestURLSourceSizeLimit(t *testing.T) {
	host := &bundleHost{files: map[string][]byte{"/m.crec": small.bytes(t)}}
	hs := httptest.NewServer(host)
	defer hs.Close()
	_, err := New(context.Background(), Options{Bundle: hs.URL + "/m.crec", MaxBundleBytes: 1000, PollInterval: -1})
	require.ErrorIs(t, err, ErrTooLarge)
}

func TestFileSourceSizeLimitAndMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.crec")
	_, err := New(context.Background(), Options{Bundle: path, PollInterval: -1})
	require.ErrorIs(t, err, ErrFetch)
	require.ErrorIs(t, err, os.ErrNotExist)
	writeFile(t, path, small.bytes(t))
	_, err = New(context.Background(), Options{Bundle: path, MaxBundleBytes: 1000, PollInterval: -1})
	require.ErrorIs(t, err, ErrTooLarge)
}
