package plugin

import (
	"context"
	"fmt"
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
