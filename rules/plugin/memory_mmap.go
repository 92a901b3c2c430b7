//go:build linux || darwin

package plugin

import (
	"runtime"
	"sync/atomic"
	"syscall"
)

// mappedMemory is a LinearMemory in its own anonymous mapping.
type mappedMemory struct {
	region *region
}

// region is the mapping itself, unmapped by Free or, should an engine drop a memory without freeing it,
// when the mappedMemory becomes unreachable.
type region struct {
	buf  []byte
	live *atomic.Int64
}

func (r *region) unmap() {
	if r.buf != nil {
		r.live.Add(-int64(len(r.buf)))
		_ = syscall.Munmap(r.buf)
		r.buf = nil
	}
}

// mmapMemory maps maxBytes of zero pages, or returns nil when it cannot (the caller falls back to the heap).
func mmapMemory(maxBytes uint64, live *atomic.Int64) *mappedMemory {
	if maxBytes == 0 || maxBytes > 1<<32 {
		return nil
	}
	buf, err := syscall.Mmap(-1, 0, int(maxBytes), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return nil
	}
	live.Add(int64(len(buf)))
	m := &mappedMemory{region: &region{buf: buf, live: live}}
	runtime.AddCleanup(m, (*region).unmap, m.region)
	return m
}

func (m *mappedMemory) Reallocate(size uint64) []byte {
	if size > uint64(len(m.region.buf)) {
		return nil
	}
	return m.region.buf[:size:size]
}

func (m *mappedMemory) Free() { m.region.unmap() }
