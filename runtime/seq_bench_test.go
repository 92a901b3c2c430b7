package runtime_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/corerec/corerec/internal/cputime"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// latencies records one duration per operation and reports the median and the 99th percentile of the
// wall-clock latency, and the mean CPU time per operation (the steadier number on a shared machine).
type latencies struct {
	d        []time.Duration
	cpu      float64 // process CPU seconds when timing started
	pausedAt float64 // CPU seconds at the last pause
	excluded float64 // CPU seconds spent paused
}

func newLatencies() *latencies { return &latencies{cpu: cputime.Seconds()} }

func (l *latencies) add(d time.Duration) { l.d = append(l.d, d) }

// pause and resume leave untimed set-up work out of the CPU time, with b.StopTimer and b.StartTimer
// (whose own cost, a stop-the-world memory statistics read each, is left out too).
func (l *latencies) pause(b *testing.B) {
	l.pausedAt = cputime.Seconds()
	b.StopTimer()
}

func (l *latencies) resume(b *testing.B) {
	b.StartTimer()
	l.excluded += cputime.Seconds() - l.pausedAt
}

func (l *latencies) report(b *testing.B) {
	if len(l.d) == 0 {
		return
	}
	if c := cputime.Seconds() - l.cpu - l.excluded; c > 0 {
		b.ReportMetric(c*1e6/float64(len(l.d)), "cpu-µs/op")
	}
	s := slices.Clone(l.d)
	slices.Sort(s)
	q := func(p float64) float64 { return float64(s[min(len(s)-1, int(p*float64(len(s))))].Nanoseconds()) / 1e3 }
	b.ReportMetric(q(0.5), "p50-µs")
	b.ReportMetric(q(0.99), "p99-µs")
}

// BenchmarkSeqServing is recommending from a 200-item history on ML-1M's catalog (3,706 items) with the
// model of the training benchmark (dim 64, 2 blocks, 1 head, ReLU feed-forward of width 64, window 200): the full forward pass from a
// request's History, and a Session's incremental update (one Append against cached keys and values), each
// with and without the top-10 scan of the catalog.
func BenchmarkSeqServing(b *testing.B) {
	f := seqFixture{kind: modelpack.KindSASRec, items: 3706, maxLen: 200, dim: 64, heads: 1, ff: 64, blocks: 2, act: "relu"}
	eng := f.engine(b)
	r := rand.New(rand.NewPCG(1, 1))
	hist := randomHistory(r, 200, f.items)
	ctx := context.Background()
	prefix := fmt.Sprintf("kind=sasrec/history=200/items=%d/dim=64", f.items)
	for _, withScan := range []bool{false, true} {
		stage := "encode"
		if withScan {
			stage = "recommend"
		}
		b.Run(prefix+"/path=full/"+stage, func(b *testing.B) {
			b.ReportAllocs()
			lat := newLatencies()
			for b.Loop() {
				start := time.Now()
				var err error
				if withScan {
					_, err = eng.Recommend(ctx, runtime.Request{History: hist, K: 10, ExcludeSeen: true})
				} else {
					_, err = eng.Encode(runtime.Request{History: hist})
				}
				if err != nil {
					b.Fatal(err)
				}
				lat.add(time.Since(start))
			}
			lat.report(b)
		})
		b.Run(prefix+"/path=incremental/"+stage, func(b *testing.B) {
			s, err := eng.NewSession(runtime.SessionOptions{})
			if err != nil {
				b.Fatal(err)
			}
			vec := make([]float32, 0, f.dim)
			lat := newLatencies()
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if s.Len() >= f.maxLen-1 { // refill to 199 items, untimed: the timed append makes 200
					lat.pause(b)
					s.Reset()
					for _, id := range hist[:f.maxLen-1] {
						s.Append(id)
					}
					lat.resume(b)
				}
				start := time.Now()
				s.Append(hist[i%len(hist)])
				if withScan {
					_, err = s.Recommend(ctx, runtime.Request{K: 10, ExcludeSeen: true})
				} else {
					vec = s.Vector(vec[:0])
				}
				if err != nil {
					b.Fatal(err)
				}
				lat.add(time.Since(start))
			}
			lat.report(b)
		})
	}
}
