package plugin

import (
	"syscall"
	"unsafe"
)

// alignUp is the offset of the first huge-page boundary in b.
func alignUp(b []byte) int {
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return int((hugePage - p%hugePage) % hugePage)
}

// madviseHuge asks for transparent huge pages (MADV_HUGEPAGE).
func madviseHuge(b []byte) error { return syscall.Madvise(b, 14) }
