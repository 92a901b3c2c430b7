package plugin

import (
	"context"
	"fmt"
	goruntime "runtime"
	"slices"
	"testing"
	"time"

	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

var modes = []Interrupt{InterruptFuel, InterruptNone, InterruptContext}

func benchPlugin(b *testing.B, mode Interrupt, timeout time.Duration, file string, opt Options) *Plugin {
	b.Helper()
	ctx := context.Background()
	h, err := NewHost(ctx, HostConfig{Interrupt: mode, Timeout: timeout})
	require.NoError(b, err)
	b.Cleanup(func() { _ = h.Close(ctx) })
	p, err := h.Load(ctx, file, readFixture(b, file), opt)
	require.NoError(b, err)
	return p
}

// BenchmarkMetering is the cost of metering on a compute-bound, loop-heavy guest: K passes over 1,000
// candidates (testdata/bench/sum.wat), metered, unmetered and under wazero's context interruption.
//
//	go test ./rules/plugin -run '^$' -bench BenchmarkMetering -count 5
func BenchmarkMetering(b *testing.B) {
	ctx := context.Background()
	for _, passes := range []int{1, 100} {
		for _, mode := range modes {
			b.Run(fmt.Sprintf("passes=%d/interrupt=%s", passes, mode), func(b *testing.B) {
				var fuel int64
				p := benchPlugin(b, mode, time.Second, "bench/sum.wasm", Options{Policy: Fail, Instances: 1, Fuel: 1 << 40,
					OnCall: func(c Call) { fuel = c.Fuel }})
				cands := candidates(1000)
				in := &runtime.RerankInput{K: passes}
				b.ReportAllocs()
				for b.Loop() {
					if _, err := p.Rerank(ctx, in, cands); err != nil {
						b.Fatal(err)
					}
				}
				if mode == InterruptFuel {
					b.ReportMetric(float64(fuel), "fuel/op")
				}
			})
		}
	}
}

// BenchmarkMeteringOverhead is BenchmarkMetering interleaved, for a busy machine: each op runs a batch
// under every mode in turn; the fastest batch of each gives the ratio.
//
//	go test ./rules/plugin -run '^$' -bench BenchmarkMeteringOverhead -benchtime 40x
func BenchmarkMeteringOverhead(b *testing.B) {
	ctx := context.Background()
	for _, passes := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("passes=%d", passes), func(b *testing.B) {
			ps := make([]*Plugin, len(modes))
			for i, mode := range modes {
				ps[i] = benchPlugin(b, mode, time.Second, "bench/sum.wasm", Options{Policy: Fail, Instances: 1, Fuel: 1 << 40})
			}
			in, cands := &runtime.RerankInput{K: passes}, candidates(1000)
			best := make([]time.Duration, len(modes))
			const batch = 10
			for b.Loop() {
				for i, p := range ps {
					start := time.Now()
					for range batch {
						if _, err := p.Rerank(ctx, in, cands); err != nil {
							b.Fatal(err)
						}
					}
					if d := time.Since(start) / batch; best[i] == 0 || d < best[i] {
						best[i] = d
					}
				}
			}
			b.ReportMetric(float64(best[0].Microseconds()), "fuel-µs")
			b.ReportMetric(float64(best[1].Microseconds()), "none-µs")
			b.ReportMetric(float64(best[2].Microseconds()), "context-µs")
			b.ReportMetric(100*(float64(best[0])/float64(best[1])-1), "fuel-overhead-%")
		})
	}
}

// runaways are plugins that never finish on their own.
var runaways = []struct{ kind, file string }{
	{"loop", "hostile/loop_forever.wasm"},
	{"expensive-loop", "bench/divloop.wasm"},
	{"fill-loop", "hostile/memory_fill_forever.wasm"},
	{"fill-16MiB-loop", "bench/bigfill.wasm"},
	{"log-spam", "hostile/log_spam.wasm"},
	{"recursion-deep", "hostile/recursion_deep.wasm"},
	{"recursion-exponential", "bench/fib.wasm"}, // fib(K): K=32 makes 7 million calls
}

// BenchmarkRunaway is how long a runaway call runs before the host stops it: under fuel with the default
// budget (20 million), and under wazero's context interruption with a 2 ms deadline (ns/op minus 2 ms is
// how far past its deadline it ran; loop-free recursion is not interrupted at all).
//
//	go test ./rules/plugin -run '^$' -bench BenchmarkRunaway -benchtime 20x
func BenchmarkRunaway(b *testing.B) {
	ctx := context.Background()
	for _, r := range runaways {
		for _, mode := range []Interrupt{InterruptFuel, InterruptContext} {
			b.Run(fmt.Sprintf("kind=%s/interrupt=%s", r.kind, mode), func(b *testing.B) {
				var fuel int64
				p := benchPlugin(b, mode, 2*time.Millisecond, r.file, Options{Policy: Fail, Instances: 1,
					OnCall: func(c Call) { fuel = c.Fuel }})
				in := &runtime.RerankInput{K: 32}
				cands := candidates(10)
				b.ReportAllocs()
				for b.Loop() {
					if _, err := p.Rerank(ctx, in, cands); err == nil {
						b.Fatal("a runaway finished")
					}
				}
				if mode == InterruptFuel {
					b.ReportMetric(float64(fuel), "fuel/op")
				}
			})
		}
	}
}

// BenchmarkPause is how long stopping the world takes while another goroutine runs plugin calls back to
// back: a goroutine inside guest code cannot be preempted, so a stop-the-world phase (of the garbage
// collector, or here of runtime.ReadMemStats, which stops the world and does little else) waits for the
// call to end. Each op is one ReadMemStats; max-stw-ms is the longest, call-ms the plugin calls' mean.
//
//	go test ./rules/plugin -run '^$' -bench BenchmarkPause -benchtime 200x
func BenchmarkPause(b *testing.B) {
	for _, tc := range []struct {
		name, file string
		fuel       int64
		k          int
	}{
		{"idle", "", 0, 0},
		{"sum-100-passes", "bench/sum.wasm", DefaultFuel, 100},
		{"loop/fuel=2M", "hostile/loop_forever.wasm", 2_000_000, 0},
		{"loop/fuel=20M", "hostile/loop_forever.wasm", DefaultFuel, 0},
		{"loop/fuel=200M", "hostile/loop_forever.wasm", 200_000_000, 0},
		{"expensive-loop/fuel=20M", "bench/divloop.wasm", DefaultFuel, 0},
	} {
		b.Run("plugin="+tc.name, func(b *testing.B) {
			stop := make(chan struct{})
			done := make(chan struct{})
			var calls int
			var busy time.Duration
			if tc.file != "" {
				p := benchPlugin(b, InterruptFuel, 0, tc.file, Options{Fuel: tc.fuel, Instances: 1})
				go func() {
					defer close(done)
					in, cands := &runtime.RerankInput{K: tc.k}, candidates(1000)
					for {
						select {
						case <-stop:
							return
						default:
							start := time.Now()
							_, _ = p.Rerank(context.Background(), in, cands)
							busy += time.Since(start)
							calls++
						}
					}
				}()
			} else {
				close(done)
			}
			var ms goruntime.MemStats
			var pauses []time.Duration
			for b.Loop() {
				start := time.Now()
				goruntime.ReadMemStats(&ms)
				pauses = append(pauses, time.Since(start))
			}
			close(stop)
			<-done
			slices.Sort(pauses)
			b.ReportMetric(float64(pauses[len(pauses)-1].Microseconds())/1000, "max-stw-ms")
			if calls > 0 {
				b.ReportMetric(float64((busy/time.Duration(calls)).Microseconds())/1000, "call-ms")
			}
		})
	}
}
