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
