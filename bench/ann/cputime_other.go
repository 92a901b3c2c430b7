//go:build !linux && !(js && wasm)

package main

import "time"

// Without getrusage or node (wasip1, other systems) the clocks are wall time, which is the CPU
// time of a single-threaded program only on an idle machine.
const cpuClockName = "wall time (no per-thread CPU clock on this platform)"

var start = time.Now()

func lockThread() func() { return func() {} }

func threadCPU() time.Duration { return time.Since(start) }

func processCPU() time.Duration { return time.Since(start) }
