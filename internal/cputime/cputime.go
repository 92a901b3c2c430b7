package cputime

import "time"

// CPU is the process's CPU time so far, every thread's user and system time (getrusage; node's
// process.cpuUsage under js/wasm), or 0 where the platform does not give it (see Available).
func CPU() time.Duration {
	d, _ := processCPU()
	return d
}

// Seconds is CPU in seconds.
func Seconds() float64 { return CPU().Seconds() }

// Available reports whether CPU reads a CPU clock on this platform (false: it returns 0).
func Available() bool {
	_, ok := processCPU()
	return ok
}
