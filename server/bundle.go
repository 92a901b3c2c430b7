package server

import (
	"sync/atomic"
	"time"

	"github.com/corerec/corerec/runtime"
)

// bundle is one opened, verified bundle and its reference count. The slot serving it holds one
// reference; every request using it holds one more for its whole duration. The engine is closed when the
// count reaches zero, so a request always finishes on the bundle it started with, however many reloads
// happen meanwhile.
type bundle struct {
	eng      *runtime.Engine
	closeEng func() // closes eng and the plugins it runs
	variant  string
	version  string // the first 16 hex digits of sha256
	sha256   string
	size     int
	source   string
	signed   bool
	loadedAt time.Time
	onClose  func() // counts the close in the metrics

	refs atomic.Int64
}

// tryAcquire takes a reference unless the bundle is already released for good.
func (b *bundle) tryAcquire() bool {
	for {
		n := b.refs.Load()
		if n <= 0 {
			return false
		}
		if b.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// release drops a reference; the last one closes the engine.
func (b *bundle) release() {
	if b.refs.Add(-1) == 0 {
		b.closeEng()
		if b.onClose != nil {
			b.onClose()
		}
	}
}
