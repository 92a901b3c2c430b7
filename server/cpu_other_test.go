//go:build !unix

package server

import "time"

// cpuTime is unknown here: BenchmarkLoad reports 0 CPU per request.
func cpuTime() time.Duration { return 0 }
