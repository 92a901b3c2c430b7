package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/corerec/corerec/server/sign"
)

// slot serves one variant ("a", or "b" in an experiment): the bundle in use, and the reloads that replace
// it. A new bundle is fetched, verified (signature, every section's checksum), opened and warmed up
// before one atomic swap; until then, and whenever it is refused, the old bundle serves.
type slot struct {
	name string
	src  Source
	srv  *Server
	cur  atomic.Pointer[bundle]

	mu     sync.Mutex // serialises reloads (poller, SIGHUP, admin); guards closed and src
	closed bool
}

// acquire returns the current bundle with a reference taken (release it when done), or nil before the
// first load or after Close.
func (s *slot) acquire() *bundle {
	for {
		b := s.cur.Load()
		if b == nil {
			return nil
		}
		if b.tryAcquire() {
			return b
		}
		// b was swapped out and released between Load and tryAcquire; the pointer is new now.
	}
}

// reload fetches and, when it changed (or force is set), replaces the bundle. It reports whether it
// swapped. Refusals are logged, counted and returned; the old bundle keeps serving.
func (s *slot) reload(ctx context.Context, force bool) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false, ErrClosed
	}
	f, err := s.src.Fetch(ctx, force, s.srv.opt.PublicKey != nil)
	if errors.Is(err, ErrNotModified) {
		return false, nil
	}
	if err != nil {
		return false, s.failed(err)
	}
	sum := sha256.Sum256(f.Data)
	digest := hex.EncodeToString(sum[:])
	if old := s.cur.Load(); old != nil && !force && old.sha256 == digest {
		return false, nil
	}
	nb, err := s.open(ctx, f, digest)
	if err != nil {
		return false, s.failed(err)
	}
	if old := s.cur.Swap(nb); old != nil {
		old.release()
	}
	s.srv.metrics.reloads.get(reloadKey{s.name, "ok"}).add(1)
	s.srv.log.Info("bundle loaded", "variant", s.name, "version", nb.version, "source", nb.source,
		"bytes", nb.size, "items", nb.eng.NumItems(), "signed", nb.signed)
	s.notify(nb.version, nil)
	return true, nil
}

// open verifies, opens and warms up a fetched bundle.
func (s *slot) open(ctx context.Context, f Fetched, digest string) (*bundle, error) {
	opt := s.srv.opt
	if opt.PublicKey != nil {
		if err := sign.Verify(opt.PublicKey, f.Data, f.Sig); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrRefused, s.src, err)
		}
	}
	eng, closeEng, err := s.openEngine(ctx, f.Data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrRefused, s.src, err)
	}
	if err := warmUp(ctx, eng); err != nil {
		closeEng()
		return nil, fmt.Errorf("%w: %s: %w", ErrRefused, s.src, err)
	}
	m := s.srv.metrics
	m.bundlesOpen.Add(1)
	b := &bundle{eng: eng, closeEng: closeEng, variant: s.name, version: digest[:16], sha256: digest, size: len(f.Data),
		source: s.src.String(), signed: opt.PublicKey != nil, loadedAt: time.Now(),
		onClose: func() { m.bundlesOpen.Add(-1) }}
	b.refs.Store(1)
	return b, nil
}

func (s *slot) failed(err error) error {
	s.srv.metrics.reloads.get(reloadKey{s.name, "failed"}).add(1)
	s.srv.log.Error("bundle refused; the previous bundle keeps serving", "variant", s.name,
		"source", s.src.String(), "err", err)
	s.notify("", err)
	return err
}

func (s *slot) notify(version string, err error) {
	if f := s.srv.opt.OnReload; f != nil {
		f(s.name, version, err)
	}
}

// close stops reloads and drops the slot's reference: the engine closes after the last request on it.
func (s *slot) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if old := s.cur.Swap(nil); old != nil {
		old.release()
	}
}

// version is the version serving now ("" when none).
func (s *slot) version() string {
	if b := s.cur.Load(); b != nil {
		return b.version
	}
	return ""
}
