//go:build !linux

package main

import "time"

// Without a thread CPU clock the timings fall back to wall-clock time.
var start = time.Now()

func lockThread() func() { return func() {} }

func threadCPU() time.Duration { return time.Since(start) }

func processCPU() time.Duration { return time.Since(start) }
