package runtime

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/internal/kernel/gemm"
)

// The default ranker multiplies by weights packed once (ranker_packed.go); it must give exactly the scores of
// the same GEMM packing them on every call, for every layer type, from the first request on and concurrently.
func TestRankerPackedWeightsSameScores(t *testing.T) {
	specs := map[string]RankSpec{"dcn-full": mlSpec(RankDCN, 8), "deepfm": mlSpec(RankDeepFM, 8)}
	mix := mlSpec(RankDCN, 8)
	mix.Cross = CrossSpec{Layers: 2, Rank: 4, Experts: 3}
	specs["dcn-mixture"] = mix
	stacked := mlSpec(RankDCN, 8)
	stacked.Stacked = true
	specs["dcn-stacked"] = stacked
	for name, spec := range specs {
		t.Run(name, func(t *testing.T) {
			fx := rankFixture{spec: spec, users: 943, items: 1682}
			b := fx.bundle(t)
			packed, err := NewRanker(b, RankerOptions{})
			require.NoError(t, err)
			require.NotNil(t, packed.packed)
			plain, err := NewRanker(b, RankerOptions{Gemm: gemm.Gemm})
			require.NoError(t, err)
			require.Nil(t, plain.packed)
			items := make([]string, 700) // more than one chunk of candidates
			for i := range items {
				items[i] = fmt.Sprintf("item%d", (i*7)%1700)
			}
			ctx := context.Background()
			for u := range 3 {
				user := RankUser{ID: fmt.Sprintf("user%d", u*300)}
				want, err := plain.Rank(ctx, user, items, nil)
				require.NoError(t, err)
				done := make(chan []float32, 2)
				for range 2 {
					go func() {
						got, err := packed.Rank(ctx, user, items, nil)
						if err != nil {
							got = nil
						}
						done <- got
					}()
				}
				for range 2 {
					require.Equal(t, want, <-done)
				}
			}
		})
	}
}
