package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
)

// handlerFunc is a route's handler; rid is the request id.
type handlerFunc func(w http.ResponseWriter, r *http.Request, rid string)

// route describes one endpoint.
type route struct {
	name    string   // metric label
	methods []string // allowed methods; others get 405
	limited bool     // counts against the concurrency limit and gets the request deadline
	h       handlerFunc
}

// wrap adds to a route what every request gets: a request id, metrics, an access log line, panic
// recovery, the method check, and for pipeline routes the concurrency limit and the deadline.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rid := s.ids.fromRequest(r)
		w.Header().Set("X-Request-Id", rid)
		sw := &statusWriter{ResponseWriter: w}
		s.metrics.inFlight.Add(1)
		defer s.finish(rt.name, sw, r, rid, start)
		defer s.recoverPanic(sw, r, rid, rt.name)
		if !slices.Contains(rt.methods, r.Method) {
			w.Header().Set("Allow", joinMethods(rt.methods))
			s.writeError(sw, rid, errorf(http.StatusMethodNotAllowed, CodeMethodNotAllowed, "%s %s: want %s", r.Method, r.URL.Path, joinMethods(rt.methods)))
			return
		}
		if rt.limited {
			if !s.admit() {
				s.metrics.shed.Add(1)
				w.Header().Set("Retry-After", s.retryAfter)
				s.writeError(sw, rid, errorf(http.StatusServiceUnavailable, CodeOverloaded, "over %d requests in flight; retry later", s.opt.Limits.MaxInFlight))
				return
			}
			defer s.leave()
			ctx, cancel := context.WithTimeout(r.Context(), s.opt.Limits.RequestTimeout)
			defer cancel()
			r = r.WithContext(ctx)
		}
		rt.h(sw, r, rid)
	})
}

// admit takes a slot of the concurrency limit without waiting.
func (s *Server) admit() bool {
	select {
	case s.sem <- struct{}{}:
		return true
	default:
		return false
	}
}

func (s *Server) leave() { <-s.sem }

// finish records the request's metrics and log line.
func (s *Server) finish(name string, sw *statusWriter, r *http.Request, rid string, start time.Time) {
	d := time.Since(start)
	s.metrics.inFlight.Add(-1)
	code := sw.statusCode()
	s.metrics.observeHTTP(name, code, d)
	level := slog.LevelDebug
	switch {
	case code >= 500:
		level = slog.LevelError
	case code >= 400:
		level = slog.LevelInfo
	}
	if !s.log.Enabled(r.Context(), level) {
		return
	}
	attrs := []slog.Attr{slog.String("request_id", rid), slog.String("route", name), slog.String("method", r.Method),
		slog.String("path", r.URL.Path), slog.Int("status", code), slog.Duration("duration", d),
		slog.String("remote", r.RemoteAddr)}
	if sw.errCode != "" {
		attrs = append(attrs, slog.String("code", sw.errCode), slog.String("error", sw.errMsg))
	}
	s.log.LogAttrs(context.Background(), level, "request", attrs...)
}

// recoverPanic answers a panicking request 500 (or aborts its connection when the answer had begun),
// logging the panic with the request id and the stack. http.ErrAbortHandler passes through.
func (s *Server) recoverPanic(sw *statusWriter, r *http.Request, rid, name string) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	s.metrics.panics.Add(1)
	s.log.Error("panic in request", "request_id", rid, "route", name, "path", r.URL.Path,
		"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
	if sw.wroteHeader {
		sw.status = http.StatusInternalServerError
		panic(http.ErrAbortHandler)
	}
	s.writeError(sw, rid, errorf(http.StatusInternalServerError, CodeInternal, "internal error; request id %s", rid))
}

func joinMethods(ms []string) string { return strings.Join(ms, ", ") }

// statusWriter remembers the status and the error a response carried, for metrics and logs.
type statusWriter struct {
	http.ResponseWriter
	status          int
	wroteHeader     bool
	errCode, errMsg string
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wroteHeader {
		w.status, w.wroteHeader = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) statusCode() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// retryAfterSeconds renders a Retry-After value (whole seconds, at least 1).
func retryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int((d+time.Second-1)/time.Second)))
}
