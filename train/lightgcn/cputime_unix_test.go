//go:build unix

package lightgcn

import "syscall"

// cpuSeconds is the process's user+system CPU time (benchmarks report it beside wall time: on the shared
// machine it is the steadier figure).
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
