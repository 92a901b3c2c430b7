package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestHandlerTypes(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"a.wasm", "b.js", "c.crec", "index.html"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644))
	}
	h := handler(dir)
	for _, tc := range []struct{ path, typ string }{
		{"/a.wasm", "application/wasm"},
		{"/b.js", "text/javascript"},
		{"/c.crec", "application/octet-stream"},
		{"/", "text/html; charset=utf-8"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
			require.Equal(t, http.StatusOK, rec.Code)
			require.Contains(t, rec.Header().Get("Content-Type"), tc.typ)
			require.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
		})
	}
}
