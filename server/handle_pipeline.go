package server

import (
	"net/http"
	"time"

	"github.com/corerec/corerec/rules/plugin"
	"github.com/corerec/corerec/runtime"
)

// handleRecommend answers POST /v1/recommend.
func (s *Server) handleRecommend(w http.ResponseWriter, r *http.Request, rid string) {
	start := time.Now()
	if e := checkJSON(r); e != nil {
		s.writeError(w, rid, e)
		return
	}
	req, e := decodeRecommend(http.MaxBytesReader(w, r.Body, s.opt.Limits.MaxBodyBytes), s.opt.Limits)
	if e != nil {
		s.writeError(w, rid, e)
		return
	}
	b := s.acquire(w, rid, req.User)
	if b == nil {
		return
	}
	defer b.release()
	s.runHook(r, "recommend")
	var calls pluginCalls
	res, err := b.eng.Recommend(plugin.WithCalls(r.Context(), calls.observe), req.runtime())
	if err != nil {
		s.writeError(w, rid, engineError(err))
		return
	}
	s.answer(w, rid, b, "recommend", &res, req.Explain, calls.list(), start)
}

// handleSimilar answers GET /v1/items/{id}/similar?k=&user=.
func (s *Server) handleSimilar(w http.ResponseWriter, r *http.Request, rid string) {
	start := time.Now()
	k, user, e := similarQuery(r.URL.Query(), s.opt.Limits)
	if e != nil {
		s.writeError(w, rid, e)
		return
	}
	b := s.acquire(w, rid, user)
	if b == nil {
		return
	}
	defer b.release()
	s.runHook(r, "similar")
	res, err := b.eng.Similar(r.Context(), r.PathValue("id"), k)
	if err != nil {
		s.writeError(w, rid, engineError(err))
		return
	}
	s.answer(w, rid, b, "similar", &res, false, nil, start)
}

// acquire takes a reference on the bundle serving user, or answers 503 not_ready.
func (s *Server) acquire(w http.ResponseWriter, rid, user string) *bundle {
	b := s.slotFor(user).acquire()
	if b == nil {
		s.writeError(w, rid, errorf(http.StatusServiceUnavailable, CodeNotReady, "no bundle loaded"))
	}
	return b
}

func (s *Server) runHook(r *http.Request, route string) {
	if s.hook != nil {
		s.hook(r.Context(), route)
	}
}

// answer records the stage metrics and writes the response.
func (s *Server) answer(w http.ResponseWriter, rid string, b *bundle, route string, res *runtime.Result, explain bool,
	failed []PluginFailure, start time.Time) {
	m := s.metrics
	m.variants.get(variantKey{b.variant, route}).add(1)
	if res.Fallback != "" {
		m.fallbacks.get(variantKey{b.variant, route}).add(1)
	}
	resp := RecommendResponse{Items: make([]Item, len(res.Items)), Variant: b.variant, Bundle: b.version,
		Fallback: res.Fallback, Ignored: res.Ignored, TimingsUs: make(map[string]float64, len(res.Stages)+1),
		RequestID: rid}
	for i, it := range res.Items {
		resp.Items[i] = Item{ID: it.ID, Score: it.Score}
	}
	resp.Stages, resp.Degraded = stagesOf(res, failed)
	for _, st := range resp.Stages {
		if st.Degraded != "" {
			m.degraded.get(degradedKey{b.variant, st.Stage}).add(1)
		}
	}
	for _, st := range res.Stages {
		m.stages.get(stageKey{b.variant, st.Name}).observe(st.Duration)
		resp.TimingsUs[st.Name] += us(st.Duration)
	}
	if explain {
		resp.Trace = traceOf(res.Trace, failed)
	}
	resp.TimingsUs["total"] = us(time.Since(start))
	s.writeJSON(w, rid, http.StatusOK, &resp)
}

func us(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
