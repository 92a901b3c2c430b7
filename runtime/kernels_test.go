package runtime_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

var storages = []struct {
	name   string
	q      modelpack.Quant
	perDim bool
}{{"f32", modelpack.QuantF32, false}, {"f16", modelpack.QuantF16, false}, {"int8", modelpack.QuantInt8, false},
	{"int8-dim", modelpack.QuantInt8, true}}

// Every kernel implementation the CPU supports returns the same top-10 over 100K × 64 items, and scores
// equal to a relative 1e-5.
func TestExactTop10SameOnEveryKernel(t *testing.T) {
	n := 100000
	if testing.Short() {
		n = 20000
	}
	f := newFixture(n, 8, 64, 11)
	ctx := context.Background()
	for _, s := range storages {
		t.Run(s.name, func(t *testing.T) {
			eng, err := runtime.OpenBytes(f.bundle(t, s.q, s.perDim, modelpack.MetricDot), runtime.Options{})
			require.NoError(t, err)
			defer eng.Close()
			var want []runtime.Result
			for _, impl := range kernel.Implementations() {
				restore := kernel.SetImpl(impl)
				for u := range f.users {
					res, err := eng.Recommend(ctx, runtime.Request{User: userID(u), K: 10})
					require.NoError(t, err)
					if len(want) < f.users {
						want = append(want, res)
						continue
					}
					require.Equal(t, indices(want[u]), indices(res), "impl %s user %d", impl, u)
					for j, it := range res.Items {
						require.InEpsilon(t, want[u].Items[j].Score, it.Score, 1e-5)
					}
				}
				restore()
			}
		})
	}
}
