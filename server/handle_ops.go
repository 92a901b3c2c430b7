package server

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strings"
)

// handleBundle answers GET /v1/bundle: what each variant serves.
func (s *Server) handleBundle(w http.ResponseWriter, r *http.Request, rid string) {
	resp := BundleResponse{Bundles: []BundleInfo{}}
	for i, sl := range s.slots {
		b := sl.acquire()
		if b == nil {
			continue
		}
		cat := b.eng.Catalog()
		resp.Bundles = append(resp.Bundles, BundleInfo{Variant: sl.name, Share: s.share(i), Version: b.version,
			SHA256: b.sha256, Source: b.source, Bytes: b.size, Signed: b.signed, LoadedAt: b.loadedAt.UTC(),
			Items: b.eng.NumItems(), Users: cat.NumUsers(), Dim: b.eng.Dim(), Manifest: b.eng.Manifest()})
		b.release()
	}
	s.writeJSON(w, rid, http.StatusOK, &resp)
}

// handleHealth answers GET /healthz: the process is up.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request, rid string) {
	s.writeJSON(w, rid, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReady answers GET /readyz: 200 while every variant has a bundle and the server is not shutting
// down, 503 otherwise (so a load balancer stops sending before the drain).
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request, rid string) {
	if s.closing.Load() {
		s.writeError(w, rid, errorf(http.StatusServiceUnavailable, CodeNotReady, "shutting down"))
		return
	}
	versions := map[string]string{}
	for _, sl := range s.slots {
		v := sl.version()
		if v == "" {
			s.writeError(w, rid, errorf(http.StatusServiceUnavailable, CodeNotReady, "variant %s has no bundle", sl.name))
			return
		}
		versions[sl.name] = v
	}
	s.writeJSON(w, rid, http.StatusOK, map[string]any{"status": "ready", "bundles": versions})
}

// handleMetrics answers GET /metrics in the Prometheus text format.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request, rid string) {
	var b bytes.Buffer
	s.writeMetrics(&b)
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, _ = w.Write(b.Bytes())
}

// handleReload answers POST /admin/reload (bearer token): a forced reload of every variant. 200 when
// every variant loaded; 422 bundle_refused or 502 fetch_failed (with every variant's outcome in the
// message) when one was refused, the old bundle serving on.
func (s *Server) handleReload(w http.ResponseWriter, r *http.Request, rid string) {
	if s.opt.AdminToken == "" {
		s.handleNotFound(w, r, rid)
		return
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || subtle.ConstantTimeCompare([]byte(tok), []byte(s.opt.AdminToken)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="edge admin"`)
		s.writeError(w, rid, errorf(http.StatusUnauthorized, CodeUnauthorized, "admin endpoints need Authorization: Bearer <token>"))
		return
	}
	// The reload completes even if the caller goes away.
	outs := s.reloadAll(context.WithoutCancel(r.Context()))
	resp := ReloadResponse{}
	var failed error
	for _, o := range outs {
		resp.Variants = append(resp.Variants, o.ReloadResult)
		if o.err != nil && failed == nil {
			failed = o.err
		}
	}
	switch {
	case failed == nil:
		s.writeJSON(w, rid, http.StatusOK, &resp)
	case errors.Is(failed, ErrRefused):
		s.writeError(w, rid, errorf(http.StatusUnprocessableEntity, CodeBundleRefused, "%v; the previous bundle keeps serving", failed))
	default:
		s.writeError(w, rid, errorf(http.StatusBadGateway, CodeFetchFailed, "%v; the previous bundle keeps serving", failed))
	}
}
