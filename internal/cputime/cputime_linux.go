//go:build linux

package cputime

import (
	"runtime"
	"syscall"
	"time"
	"unsafe"
)

// ClockName says which clock Thread reads on this platform.
const ClockName = "thread CPU time (clock_gettime CLOCK_THREAD_CPUTIME_ID, goroutine locked to its thread)"

// Lock pins the calling goroutine to its OS thread, so that Thread's clock follows it; call the
// returned function to unpin.
func Lock() func() {
	runtime.LockOSThread()
	return runtime.UnlockOSThread
}

// Thread reads the calling OS thread's CPU clock (clock_gettime CLOCK_THREAD_CPUTIME_ID, in
// nanoseconds, unlike getrusage's tick-sampled times).
func Thread() time.Duration {
	const clockThreadCPUTime = 3
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		panic(errno)
	}
	return time.Duration(ts.Nano())
}

// Process is the CPU time of the whole process, every thread included (build time); 0 if getrusage fails.
func Process() time.Duration { return CPU() }
