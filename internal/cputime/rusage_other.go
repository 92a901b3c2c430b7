//go:build !unix && !(js && wasm)

package cputime

import "time"

// processCPU is not available here (wasip1, windows, ...).
func processCPU() (time.Duration, bool) { return 0, false }
