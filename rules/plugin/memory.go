package plugin

import (
	"sync/atomic"

	"github.com/tetratelabs/wazero/experimental"
)

// memAllocator backs plugin memories (wazero's experimental.MemoryAllocator). Where the platform has mmap
// each memory is one anonymous mapping of its maximum size: the kernel supplies zero pages as the plugin
// touches them, memory.grow never copies, and discarding the instance unmaps all of it. Elsewhere memories
// are Go slices that grow by doubling. Either way growth is amortised O(1) — wazero's own growth copies
// the whole memory on every memory.grow, which lets a plugin growing page by page burn CPU far beyond
// what its fuel pays for.
//
// One memAllocator serves one instantiation and remembers what it allocated: wazero v1.12.0 does not free
// the memory of a module whose instantiation fails (a trapping start function, a data segment out of
// bounds), so the host frees it.
type memAllocator struct {
	live *atomic.Int64 // bytes reserved by memories not yet freed
	made []experimental.LinearMemory
}

func (a *memAllocator) Allocate(capBytes, maxBytes uint64) experimental.LinearMemory {
	var m experimental.LinearMemory = &sliceMemory{max: maxBytes, live: a.live}
	if mm := mmapMemory(maxBytes, a.live); mm != nil {
		m = mm
	}
	a.made = append(a.made, m)
	return m
}

// free releases everything allocated, after a failed instantiation. Free is idempotent.
func (a *memAllocator) free() {
	for _, m := range a.made {
		m.Free()
	}
}

// sliceMemory is a LinearMemory on the Go heap.
type sliceMemory struct {
	buf  []byte
	max  uint64
	live *atomic.Int64
}

func (m *sliceMemory) Reallocate(size uint64) []byte {
	if size > m.max {
		return nil
	}
	if size <= uint64(cap(m.buf)) {
		m.buf = m.buf[:size]
		return m.buf
	}
	newCap := min(max(size, 2*uint64(cap(m.buf))), m.max)
	buf := make([]byte, size, newCap)
	copy(buf, m.buf)
	m.live.Add(int64(newCap) - int64(cap(m.buf)))
	m.buf = buf
	return buf
}

func (m *sliceMemory) Free() {
	if m.buf != nil {
		m.live.Add(-int64(cap(m.buf)))
		m.buf = nil
	}
}
