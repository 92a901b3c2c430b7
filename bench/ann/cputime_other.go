//go:build !linux

package main

import "time"

// Without getrusage (js/wasm under node, wasip1, other systems) the clocks are wall time: under
// node the wasm program runs on one thread, so wall time is its CPU time on an idle machine.
const cpuClockName = "wall time (no per-thread CPU clock on this platform)"

var start = time.Now()

func lockThread() func() { return func() {} }

func threadCPU() time.Duration { return time.Since(start) }

func processCPU() time.Duration { return time.Since(start) }
