package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/internal/cputime"
	_ "github.com/corerec/corerec/rules" // registers the rules factory
	"github.com/corerec/corerec/runtime"
)

// spec is the stored pipeline: HNSW retrieval of 1,000 candidates, DCN-v2 ranking of all of them keeping
// the best 100, and the rules.
const spec = `{"format":1,"retrievers":[{"kind":"embedding","candidates":1000}],"rank":{"keep":100}}`

var benchConfig = Config{Items: 100000, Users: 2000, Dim: 64, Categories: 20, Clusters: 64, Seed: 1}

var (
	bundleOnce sync.Once
	bundleData []byte
	bundleErr  error
)

// bundle builds the 100K-item bundle once per process, cached in the temporary directory (the HNSW build
// takes a minute on one core).
func bundle(tb testing.TB) []byte {
	bundleOnce.Do(func() {
		path := filepath.Join(os.TempDir(), "corerec-bench-funnel-100k-v1.crec")
		if data, err := os.ReadFile(path); err == nil {
			bundleData = data
			return
		}
		bundleData, bundleErr = Build(context.Background(), benchConfig, spec)
		if bundleErr == nil {
			_ = os.WriteFile(path, bundleData, 0o644)
		}
	})
	require.NoError(tb, bundleErr)
	return bundleData
}

// BenchmarkFunnel is one request through the funnel on the 100K-item bundle: HNSW retrieval of 1,000
// candidates (ef 1,000), DCN-v2 scoring of the 1,000, and blocklist + pin + boost + freshness + diversity
// down to 10; also the stages alone. It reports the median and 99th-percentile wall-clock latency.
func BenchmarkFunnel(b *testing.B) {
	if testing.Short() {
		b.Skip("builds a 100K-item HNSW bundle")
	}
	eng, err := runtime.OpenBytes(bundle(b), runtime.Options{})
	require.NoError(b, err)
	defer eng.Close()
	now := Epoch.Add(100000 * time.Minute)
	for _, tc := range []struct {
		name string
		o    runtime.PipelineOverride
	}{
		{"stages=retrieve", runtime.PipelineOverride{NoRank: true, NoRerank: true}},
		{"stages=retrieve+rank", runtime.PipelineOverride{NoRerank: true}},
		{"stages=full/keep=100", runtime.PipelineOverride{}},
		{"stages=full/keep=1000", runtime.PipelineOverride{Keep: 1000}},
	} {
		b.Run("n=100000/k=10/"+tc.name, func(b *testing.B) {
			b.ReportAllocs()
			o := tc.o
			var wall, cpu []float64
			ctx := context.Background()
			for i := 0; b.Loop(); i++ {
				req := runtime.Request{User: UserID(i % benchConfig.Users), K: 10, Now: now, ExcludeSeen: true, Pipeline: &o}
				t, c := time.Now(), cputime.Seconds()
				res, err := eng.Recommend(ctx, req)
				cpu = append(cpu, (cputime.Seconds()-c)*1e6)
				wall = append(wall, float64(time.Since(t).Nanoseconds())/1e3)
				if err != nil || len(res.Items) != 10 {
					b.Fatalf("%v, %d items", err, len(res.Items))
				}
			}
			report(b, wall, "")
			report(b, cpu, "cpu-")
		})
	}
}

// report reports the median and 99th percentile of per-request microseconds: wall clock, or (prefix
// "cpu-") the process's CPU time during the request, the steadier figure on a shared machine.
func report(b *testing.B, us []float64, prefix string) {
	if len(us) == 0 {
		return
	}
	slices.Sort(us)
	q := func(p float64) float64 { return us[min(len(us)-1, int(p*float64(len(us))))] }
	b.ReportMetric(q(0.5), prefix+"p50-µs")
	b.ReportMetric(q(0.99), prefix+"p99-µs")
}

// TestFunnelSmall runs the benchmark's bundle at a small size, so the benchmark's code stays correct.
func TestFunnelSmall(t *testing.T) {
	c := Config{Items: 3000, Users: 50, Dim: 16, Categories: 20, Clusters: 8, Seed: 1}
	data, err := Build(context.Background(), c, spec)
	require.NoError(t, err)
	eng, err := runtime.OpenBytes(data, runtime.Options{})
	require.NoError(t, err)
	defer eng.Close()
	require.True(t, eng.HasRanker())
	require.True(t, eng.HasRules())
	res, err := eng.Recommend(context.Background(), runtime.Request{User: UserID(3), K: 10, Now: Epoch.Add(3000 * time.Minute)})
	require.NoError(t, err)
	require.Len(t, res.Items, 10)
	count := map[int32]int{}
	for _, it := range res.Items {
		require.NotEqual(t, int32(19), it.Index%20, "category cat19 is blocked")
		count[it.Index%20]++
	}
	for _, n := range count {
		require.LessOrEqual(t, n, 3, "diversity (2 per category, the pinned item aside)")
	}
}
