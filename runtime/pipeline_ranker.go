package runtime

import (
	"context"

	"github.com/corerec/corerec/modelpack"
)

// loadRanker reads the bundle's ranker (rank.* sections), when it has one, and maps the catalog's items to
// the ranker's item rows.
func (e *Engine) loadRanker(b *modelpack.Bundle) error {
	if !b.Has(modelpack.SectionRankSpec) {
		return nil
	}
	r, err := NewRanker(b, RankerOptions{})
	if err != nil {
		return err
	}
	e.ranker = r
	e.rankRows = make([]int32, e.items.n)
	for i := range e.rankRows {
		row, ok := r.ItemIndex(e.catalog.ItemID(int32(i)))
		if !ok {
			row = -1
		}
		e.rankRows[i] = row
	}
	return nil
}

// rankScores scores the candidates' ranker rows until stop says the budget is spent.
func (e *Engine) rankScores(ctx context.Context, u *RankUser, rows []int32, stop func() bool) ([]float32, int, error) {
	return e.ranker.rankUntil(ctx, u, rows, nil, stop)
}
