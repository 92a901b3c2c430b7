package examples

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/corerec/corerec/rules/abi"
	"github.com/corerec/corerec/rules/plugin"
	"github.com/corerec/corerec/rules/sdk/go/rerank"
	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

// benchHosts holds one host per interrupt mode, shared by the sub-benchmarks.
var benchHosts sync.Map

func benchHost(b *testing.B, mode plugin.Interrupt) *plugin.Host {
	if h, ok := benchHosts.Load(mode); ok {
		return h.(*plugin.Host)
	}
	h, err := plugin.NewHost(context.Background(), plugin.HostConfig{Interrupt: mode, Timeout: time.Second})
	require.NoError(b, err)
	benchHosts.Store(mode, h)
	return h
}

// BenchmarkRules is the per-call cost of each example rule on 1,000 candidates: natively (the floor: the
// same Go rule on the same encoded input, no sandbox), and as a plugin in each language under fuel
// metering, without it, and under wazero's context interruption. A plugin call includes encoding the
// input, the guest's work and checking its output.
//
//	go test ./rules/examples -run '^$' -bench BenchmarkRules -benchtime 2000x
func BenchmarkRules(b *testing.B) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	w := newWorld(rng, 5000)
	cands := w.candidates(rng, 1000)
	in := &runtime.RerankInput{K: 10, Now: w.now, Catalog: w.cat}
	for _, r := range rules {
		b.Run("rule="+r.name+"/impl=native", func(b *testing.B) {
			recs := make([]abi.Record, len(cands))
			for j, c := range cands {
				recs[j] = abi.Record{Index: c.Index, Score: c.Score, CreatedAt: w.cat.ItemCreatedAt(c.Index),
					CategoryHash: abi.Hash(w.cat.ItemCategory(c.Index))}
				w.attrs(c.Index, &recs[j].Attrs)
			}
			input, err := abi.AppendInput(nil, abi.Header{K: 10, Now: w.now.Unix()}, recs, nil)
			require.NoError(b, err)
			rerank.Register(native[r.name])
			b.ReportAllocs()
			for b.Loop() {
				if _, err := rerank.Run(input); err != nil {
					b.Fatal(err)
				}
			}
		})
		for _, f := range fixtures() {
			if f.rule != r.name {
				continue
			}
			for _, mode := range []plugin.Interrupt{plugin.InterruptFuel, plugin.InterruptNone, plugin.InterruptContext} {
				b.Run(fmt.Sprintf("rule=%s/impl=%s/interrupt=%s", r.name, f.lang, mode), func(b *testing.B) {
					wasm, err := os.ReadFile(f.path)
					require.NoError(b, err)
					var fuel int64
					p, err := benchHost(b, mode).Load(ctx, f.path, wasm, plugin.Options{Policy: plugin.Fail,
						Attributes: w.attrs, Instances: 1, OnCall: func(c plugin.Call) { fuel = c.Fuel }})
					require.NoError(b, err)
					defer p.Close(ctx)
					buf := make([]runtime.Candidate, len(cands))
					b.ReportAllocs()
					for b.Loop() {
						copy(buf, cands)
						if _, err := p.Rerank(ctx, in, buf); err != nil {
							b.Fatal(err)
						}
					}
					if mode == plugin.InterruptFuel {
						b.ReportMetric(float64(fuel), "fuel/op")
					}
				})
			}
		}
	}
}

// BenchmarkOverhead measures the cost of metering on each example plugin robustly on a busy machine: each
// op runs a batch of calls under fuel, without metering and under context interruption, interleaved; the
// fastest batch of each mode gives the ratios (interference only ever adds time).
//
//	go test ./rules/examples -run '^$' -bench BenchmarkOverhead -benchtime 40x
func BenchmarkOverhead(b *testing.B) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	w := newWorld(rng, 5000)
	cands := w.candidates(rng, 1000)
	in := &runtime.RerankInput{K: 10, Now: w.now, Catalog: w.cat}
	modes := []plugin.Interrupt{plugin.InterruptFuel, plugin.InterruptNone, plugin.InterruptContext}
	for _, f := range fixtures() {
		b.Run(fmt.Sprintf("rule=%s/impl=%s", f.rule, f.lang), func(b *testing.B) {
			wasm, err := os.ReadFile(f.path)
			require.NoError(b, err)
			ps := make([]*plugin.Plugin, len(modes))
			for i, mode := range modes {
				ps[i], err = benchHost(b, mode).Load(ctx, f.path, wasm, plugin.Options{Policy: plugin.Fail,
					Attributes: w.attrs, Instances: 1})
				require.NoError(b, err)
				defer ps[i].Close(ctx)
			}
			best := make([]time.Duration, len(modes))
			buf := make([]runtime.Candidate, len(cands))
			const batch = 10
			for b.Loop() {
				for i, p := range ps {
					start := time.Now()
					for range batch {
						copy(buf, cands)
						if _, err := p.Rerank(ctx, in, buf); err != nil {
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
