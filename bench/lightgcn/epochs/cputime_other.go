//go:build !unix

package main

import "time"

var start = time.Now()

// cpuSeconds falls back to wall time where the process's CPU time is not available.
func cpuSeconds() float64 { return time.Since(start).Seconds() }
