//go:build js && !corerec_rank

package runtime

import (
	"context"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/modelpack"
)

// loadRanker refuses a bundle with a ranker: the browser build leaves the ranking models out, whose code
// (about 49 KB gzip) would take the runtime .wasm past its 1.2 MB gzip budget; build with -tags corerec_rank
// to include them. Funnel bundles without a ranker (retrieval fused, then rules) run.
func (e *Engine) loadRanker(b *modelpack.Bundle) error {
	if b.Has(modelpack.SectionRankSpec) {
		return fmtlite.Errorf("%w: section %q: this browser build has no ranker (build it with -tags corerec_rank)", ErrBundle, modelpack.SectionRankSpec)
	}
	return nil
}

// rankScores is never called: without a ranker the rank stage only cuts the fused list.
func (e *Engine) rankScores(context.Context, *RankUser, []int32, func() bool) ([]float32, int, error) {
	return nil, 0, fmtlite.Errorf("%w: no ranker in this build", ErrBundle)
}
