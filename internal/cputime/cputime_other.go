//go:build !linux && !(js && wasm)

package cputime

import "time"

// Without getrusage or node (wasip1, other systems) the clocks are wall time, which is the CPU
// time of a single-threaded program only on an idle machine.
const ClockName = "wall time (no per-thread CPU clock on this platform)"

var start = time.Now()

func Lock() func() { return func() {} }

func Thread() time.Duration { return time.Since(start) }

func Process() time.Duration { return time.Since(start) }
