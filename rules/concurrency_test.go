package rules

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/corerec/corerec/runtime"
	"github.com/stretchr/testify/require"
)

// One chain serves many goroutines: each gets the result a lone caller gets (run with -race).
func TestChainConcurrent(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	type request struct {
		s    *scenario
		want []runtime.Candidate
	}
	// One rule set (from one scenario) shared by all; the candidates and K vary per request.
	base := randomScenario(rng)
	base.rules = append(base.rules, must(NewMMR(MMRConfig{})), must(NewFreshness(FreshnessConfig{Weight: 1})))
	chain := NewChain(base.rules...)
	reqs := make([]request, 16)
	for k := range reqs {
		s := *base
		s.k = 1 + rng.IntN(10)
		s.cands = upto(1 + rng.IntN(50))
		out, err := chain.Rerank(context.Background(), s.input(), slices.Clone(s.cands))
		require.NoError(t, err)
		reqs[k] = request{s: &s, want: out}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range 60 {
				r := reqs[(g+it)%len(reqs)]
				var tr Trace
				out, err := chain.Rerank(WithTrace(context.Background(), &tr), r.s.input(), slices.Clone(r.s.cands))
				if err == nil && !slices.Equal(out, r.want) {
					err = errMismatch
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}

var errMismatch = &mismatchError{}

type mismatchError struct{}

func (*mismatchError) Error() string { return "concurrent result differs from the sequential one" }
