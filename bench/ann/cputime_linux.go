//go:build linux

package main

import (
	"runtime"
	"syscall"
	"time"
)

// cpuClock measures the CPU time of the calling OS thread (RUSAGE_THREAD); lock pins the
// goroutine to its thread so that the clock follows it.
const cpuClockName = "thread CPU time (getrusage RUSAGE_THREAD, goroutine locked to its thread)"

func lockThread() func() {
	runtime.LockOSThread()
	return runtime.UnlockOSThread
}

func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// processCPU is the CPU time of the whole process, every thread included (build time).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
