package plugin

import (
	"context"
	"sync"
)

// pool holds a plugin's instances: at most max exist, idle ones wait for the next call.
type pool struct {
	slots chan struct{} // one token per instance in use or being made

	mu     sync.Mutex // guards idle and closed
	idle   []*instance
	closed bool
}

func newPool(max int) *pool { return &pool{slots: make(chan struct{}, max)} }

// acquire waits for a free slot, then returns an idle instance, or nil when the caller should make one.
func (p *pool) acquire(ctx context.Context) (*instance, error) {
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		<-p.slots
		return nil, ErrClosed
	}
	if n := len(p.idle); n > 0 {
		in := p.idle[n-1]
		p.idle = p.idle[:n-1]
		return in, nil
	}
	return nil, nil
}

// release returns a healthy instance to the pool, or closes it (keep false, or the pool is closed), and
// frees the slot. in may be nil when making an instance failed.
func (p *pool) release(ctx context.Context, in *instance, keep bool) {
	p.mu.Lock()
	keep = keep && !p.closed && in != nil
	if keep {
		p.idle = append(p.idle, in)
	}
	p.mu.Unlock()
	if !keep && in != nil {
		in.close(ctx)
	}
	<-p.slots
}

// close closes the idle instances; instances in use close when released.
func (p *pool) close(ctx context.Context) {
	p.mu.Lock()
	idle := p.idle
	p.idle, p.closed = nil, true
	p.mu.Unlock()
	for _, in := range idle {
		in.close(ctx)
	}
}
