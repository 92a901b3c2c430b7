package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"
)

// Routes, as api/openapi.yaml lists them.
const (
	pathRecommend = "/v1/recommend"
	pathSimilar   = "/v1/items/{id}/similar"
	pathBundle    = "/v1/bundle"
	pathHealth    = "/healthz"
	pathReady     = "/readyz"
	pathMetrics   = "/metrics"
	pathReload    = "/admin/reload"
)

var (
	post = []string{http.MethodPost}
	get  = []string{http.MethodGet, http.MethodHead}
)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for path, rt := range map[string]route{
		pathRecommend: {name: "recommend", methods: post, limited: true, h: s.handleRecommend},
		pathSimilar:   {name: "similar", methods: get, limited: true, h: s.handleSimilar},
		pathBundle:    {name: "bundle", methods: get, h: s.handleBundle},
		pathHealth:    {name: "healthz", methods: get, h: s.handleHealth},
		pathReady:     {name: "readyz", methods: get, h: s.handleReady},
		pathMetrics:   {name: "metrics", methods: get, h: s.handleMetrics},
		pathReload:    {name: "admin_reload", methods: post, h: s.handleReload},
		"/":           {name: "not_found", methods: []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}, h: s.handleNotFound},
	} {
		mux.Handle(path, s.wrap(rt))
	}
	return mux
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request, rid string) {
	s.writeError(w, rid, errorf(http.StatusNotFound, CodeNotFound, "no route %s %s", r.Method, r.URL.Path))
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeJSON answers status with v as JSON.
func (s *Server) writeJSON(w http.ResponseWriter, rid string, status int, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			bufPool.Put(buf)
		}
	}()
	buf.Reset()
	if err := json.NewEncoder(buf).Encode(v); err != nil {
		s.writeError(w, rid, errorf(http.StatusInternalServerError, CodeInternal, "encode response: %v", err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// writeError answers e as an ErrorResponse and notes it for the access log.
func (s *Server) writeError(w http.ResponseWriter, rid string, e *apiError) {
	if sw, ok := w.(*statusWriter); ok {
		sw.errCode, sw.errMsg = e.code, e.msg
	}
	if e.status == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", s.retryAfter)
	}
	s.writeJSON(w, rid, e.status, &ErrorResponse{Error: e.msg, Code: e.code, RequestID: rid})
}
