//go:build !unix

package seq

// cpuSeconds is unavailable here; benchmarks then report wall-clock time only.
func cpuSeconds() float64 { return 0 }
