package rules

import (
	"context"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/runtime"
)

// Custom wraps any runtime.Reranker — a plugin, a RerankerFunc — as a constraint-stage Rule, so it can run
// in a Chain. Its output is checked: every index must be one of its input's, once; otherwise Rerank
// returns ErrOutput. A Chain filters and pins again after it, so a custom rule can neither resurrect a
// blocked item nor move a pinned one. Custom is safe for concurrent use if r is.
func Custom(name string, r runtime.Reranker) Rule {
	return &custom{name: ruleName(name, "custom"), r: r}
}

type custom struct {
	name string
	r    runtime.Reranker
}

func (c *custom) Name() string { return c.name }
func (c *custom) Stage() Stage { return StageConstraint }
func (c *custom) sealed()      {}

// Rerank calls the wrapped reranker and checks its output.
func (c *custom) Rerank(ctx context.Context, in *runtime.RerankInput, cands []runtime.Candidate) ([]runtime.Candidate, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	allowed := make(map[int32]bool, len(cands)) // true once seen in the output
	for _, x := range cands {
		allowed[x.Index] = false
	}
	out, err := c.r.Rerank(ctx, in, cands)
	if err != nil {
		return nil, fmtlite.Errorf("rules: %s: %w", c.name, err)
	}
	for _, x := range out {
		seen, ok := allowed[x.Index]
		if !ok || seen {
			return nil, fmtlite.Errorf("%w: %s returned item %d %s", ErrOutput, c.name, x.Index,
				map[bool]string{false: "not among its candidates", true: "twice"}[ok])
		}
		allowed[x.Index] = true
	}
	return out, nil
}
