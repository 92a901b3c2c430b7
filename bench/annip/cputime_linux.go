//go:build linux

package main

import (
	"runtime"
	"syscall"
	"time"
	"unsafe"
)

// threadCPU reads the calling OS thread's CPU clock (clock_gettime CLOCK_THREAD_CPUTIME_ID, in
// nanoseconds, unlike getrusage's tick-sampled times); lockThread pins the goroutine to its thread
// so that the clock follows it.

func lockThread() func() {
	runtime.LockOSThread()
	return runtime.UnlockOSThread
}

func threadCPU() time.Duration {
	const clockThreadCPUTime = 3
	var ts syscall.Timespec
	if _, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTime, uintptr(unsafe.Pointer(&ts)), 0); errno != 0 {
		panic(errno)
	}
	return time.Duration(ts.Nano())
}

// processCPU is the CPU time of the whole process, every thread included (build time).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
