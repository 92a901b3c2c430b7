package rules

import "syscall"

// cpuTime returns the CPU time this process has used, in nanoseconds (user + system, every thread). The
// benchmarks report it per operation beside wall time, because on a shared machine wall time includes
// the time other processes hold the cores.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
