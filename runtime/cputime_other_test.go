//go:build !unix

package runtime_test

// cpuSeconds is unavailable here (js, wasip1): benchmarks then report wall-clock latencies only.
func cpuSeconds() float64 { return 0 }
