//go:build unix

package cputime

import (
	"syscall"
	"time"
)

// processCPU is getrusage(RUSAGE_SELF)'s user + system time.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
