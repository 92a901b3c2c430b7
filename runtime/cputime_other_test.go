//go:build !unix && !js

package runtime_test

// cpuSeconds is unavailable here (wasip1, ...): benchmarks then report wall-clock latencies only.
func cpuSeconds() float64 { return 0 }
