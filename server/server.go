package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Server answers the JSON API from one bundle (or two, in an experiment) and keeps them fresh.
type Server struct {
	opt        Options
	log        *slog.Logger
	metrics    *metrics
	slots      []*slot // "a", then "b" in an experiment
	split      split
	handler    http.Handler
	sem        chan struct{} // the concurrency limit: one token per request in flight
	retryAfter string
	ids        *requestIDs
	closing    atomic.Bool // set by Shutdown: /readyz answers 503

	mu       sync.Mutex // guards servers, stopping and closed
	servers  []*http.Server
	stopping bool // Shutdown began: Serve refuses new listeners
	closed   bool

	stopPoll context.CancelFunc
	polls    sync.WaitGroup

	// hook, when set (by tests), runs in the pipeline handlers after the bundle is acquired.
	hook func(ctx context.Context, route string)
}

// New loads the bundle(s) and returns a server ready to serve; it fails if a first bundle cannot be
// fetched, verified, opened or warmed up. Polling for new bundles starts now (see Options.PollInterval);
// stop it with Close or Shutdown.
func New(ctx context.Context, opt Options) (*Server, error) {
	if err := opt.validate(); err != nil {
		return nil, err
	}
	opt = opt.withDefaults()
	s := &Server{opt: opt, log: opt.Logger, metrics: &metrics{}, ids: newRequestIDs(),
		sem: make(chan struct{}, opt.Limits.MaxInFlight), retryAfter: retryAfterSeconds(opt.Limits.RetryAfter)}
	s.slots = []*slot{{name: "a", srv: s, src: sourceOf(opt.Bundle, opt.Source, opt)}}
	if e := opt.Experiment; e != nil {
		s.slots = append(s.slots, &slot{name: "b", srv: s, src: sourceOf(e.Bundle, e.Source, opt)})
		s.split = newSplit(e.Share, e.Salt)
	}
	for _, sl := range s.slots {
		if _, err := sl.reload(ctx, true); err != nil {
			s.Close()
			return nil, fmt.Errorf("server: variant %s: %w", sl.name, err)
		}
	}
	s.handler = s.routes()
	s.startPolling()
	return s, nil
}

func sourceOf(loc string, src Source, opt Options) Source {
	if src != nil {
		return src
	}
	return OpenSource(loc, opt.MaxBundleBytes, opt.HTTPClient)
}

// Handler returns the API's handler (for use in another http.Server or a test).
func (s *Server) Handler() http.Handler { return s.handler }

// Serve answers requests on ln with the configured timeouts until Shutdown; it returns
// http.ErrServerClosed after a Shutdown, like http.Server.Serve.
func (s *Server) Serve(ln net.Listener) error {
	t := s.opt.Timeouts
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: durationOrZero(t.ReadHeader),
		ReadTimeout:       durationOrZero(t.Read),
		WriteTimeout:      durationOrZero(t.Write),
		IdleTimeout:       durationOrZero(t.Idle),
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.mu.Lock()
	if s.stopping || s.closed {
		s.mu.Unlock()
		ln.Close()
		return http.ErrServerClosed
	}
	s.servers = append(s.servers, hs)
	s.mu.Unlock()
	return hs.Serve(ln)
}

// Shutdown stops accepting connections, lets every request in flight finish (each on the bundle it
// started with), then closes the bundles. /readyz answers 503 from the first moment. If ctx ends first,
// remaining connections are closed and ctx's error returned.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closing.Store(true)
	s.mu.Lock()
	s.stopping = true
	servers := s.servers
	s.mu.Unlock()
	var errs []error
	for _, hs := range servers {
		if err := hs.Shutdown(ctx); err != nil {
			errs = append(errs, err, hs.Close())
		}
	}
	s.Close()
	return errors.Join(errs...)
}

// Close stops polling and releases the bundles; requests still running finish on theirs, which close
// after them. It does not stop Serve: use Shutdown for that.
func (s *Server) Close() error {
	s.mu.Lock()
	already := s.closed
	s.closed = true
	s.mu.Unlock()
	if already {
		return nil
	}
	s.closing.Store(true)
	if s.stopPoll != nil {
		s.stopPoll()
		s.polls.Wait()
	}
	for _, sl := range s.slots {
		sl.close()
	}
	return nil
}

// Reload fetches every variant's bundle now, even if unchanged, and swaps in each one that verifies.
// The error joins the refusals; refused variants keep serving their previous bundle.
func (s *Server) Reload(ctx context.Context) error {
	var errs []error
	for _, r := range s.reloadAll(ctx) {
		if r.err != nil {
			errs = append(errs, fmt.Errorf("variant %s: %w", r.Variant, r.err))
		}
	}
	return errors.Join(errs...)
}

type reloadOutcome struct {
	ReloadResult
	err error
}

func (s *Server) reloadAll(ctx context.Context) []reloadOutcome {
	out := make([]reloadOutcome, len(s.slots))
	for i, sl := range s.slots {
		ok, err := sl.reload(ctx, true)
		out[i] = reloadOutcome{ReloadResult{Variant: sl.name, Reloaded: ok, Version: sl.version()}, err}
		if err != nil {
			out[i].Error = err.Error()
		}
	}
	return out
}

// Variant names the arm ("a" or "b") that serves user.
func (s *Server) Variant(user string) string { return s.slotFor(user).name }

func (s *Server) startPolling() {
	if s.opt.PollInterval < 0 {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.stopPoll = cancel
	for _, sl := range s.slots {
		s.polls.Add(1)
		go func() {
			defer s.polls.Done()
			t := time.NewTicker(s.opt.PollInterval)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
					_, _ = sl.reload(ctx, false) // refusals are logged and counted by reload
				}
			}
		}()
	}
}
