//go:build linux || darwin

package plugin

import (
	"runtime"
	"sync/atomic"
	"syscall"
)

// hugePage is the size of a transparent huge page (Linux, x86-64 and arm64 with 4 KiB pages).
const hugePage = 2 << 20

// mappedMemory is a LinearMemory in its own anonymous mapping.
type mappedMemory struct {
	region *region
	buf    []byte // the memory: region.mapping from a huge-page boundary on
}

// region is the mapping itself, unmapped by Free or, should an engine drop a memory without freeing it,
// when the mappedMemory becomes unreachable.
type region struct {
	mapping []byte
	live    *atomic.Int64
}

func (r *region) unmap() {
	if r.mapping != nil {
		r.live.Add(-int64(len(r.mapping)))
		_ = syscall.Munmap(r.mapping)
		r.mapping = nil
	}
}

// mmapMemory maps maxBytes of zero pages, or returns nil when it cannot (the caller falls back to the heap).
// Beyond its first 2 MiB the memory asks for transparent huge pages (where the kernel offers them on
// request): a plugin that grows and touches megabytes then takes a handful of page faults, not thousands —
// 4 KiB faults cost 0.3–40 µs each, so filling a fresh 16 MiB took 100 ms on a busy VM and takes 1 ms
// with huge pages. Small plugins stay in small pages.
func mmapMemory(maxBytes uint64, live *atomic.Int64) *mappedMemory {
	if maxBytes == 0 || maxBytes > 1<<32 {
		return nil
	}
	size := int(maxBytes)
	if size > 2*hugePage {
		size += hugePage // room to start the memory on a huge-page boundary
	}
	mapping, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return nil
	}
	live.Add(int64(len(mapping)))
	buf := mapping[:maxBytes]
	if size > int(maxBytes) {
		off := alignUp(mapping) // the memory starts at a huge-page boundary
		buf = mapping[off : off+int(maxBytes)]
		_ = madviseHuge(buf[hugePage:])
	}
	m := &mappedMemory{region: &region{mapping: mapping, live: live}, buf: buf}
	runtime.AddCleanup(m, (*region).unmap, m.region)
	return m
}

func (m *mappedMemory) Reallocate(size uint64) []byte {
	if m.region.mapping == nil || size > uint64(len(m.buf)) {
		return nil
	}
	return m.buf[:size:size]
}

func (m *mappedMemory) Free() { m.region.unmap() }
