package runtime

import (
	"context"
	"time"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Similar returns the k items closest to item (by the bundle's metric over the item embeddings), the item
// itself excluded. An unknown item is ErrUnknownItem. k = 0 means DefaultK.
func (e *Engine) Similar(ctx context.Context, item string, k int) (Result, error) {
	if e.closed.Load() {
		return Result{}, ErrClosed
	}
	req := Request{K: k}
	k, err := req.k()
	if err != nil {
		return Result{}, err
	}
	i, ok := e.catalog.ItemIndex(item)
	if !ok {
		return Result{}, fmtlite.Errorf("%w: %q", ErrUnknownItem, item)
	}
	if e.content != nil {
		return e.similarContent(ctx, i, k)
	}
	sc := e.getScratch()
	defer e.putScratch(sc)
	start := time.Now()
	sc.row = e.items.vector(i, sc.row[:0])
	copy(sc.q, sc.row)
	sc.exclude(i)
	in, err := e.retrieve(ctx, sc, k, false, retrieveOpts{})
	if err != nil {
		return Result{}, err
	}
	res := Result{Items: e.items2result(sc.top)}
	res.Stages = []Stage{{Name: "retrieve", In: in, Out: len(res.Items), Duration: time.Since(start)}}
	return res, nil
}
