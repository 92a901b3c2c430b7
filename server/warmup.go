package server

import (
	"context"
	"fmt"
	"math"

	"github.com/corerec/corerec/runtime"
)

// warmUp runs the requests a bundle must answer before it may serve: a known user (when the bundle has
// users), a visitor with a one-item history, and the items similar to the first item. Each must succeed
// with well-formed items (ids known, indices in range, finite scores). It also touches the pages and pools
// the first real request would otherwise pay for.
func warmUp(ctx context.Context, eng *runtime.Engine) error {
	cat := eng.Catalog()
	n := eng.NumItems()
	if n == 0 {
		return fmt.Errorf("warm-up: the bundle has no items")
	}
	first := cat.ItemID(0)
	reqs := []runtime.Request{{History: []string{first}, K: 10, ExcludeSeen: true}}
	if cat.NumUsers() > 0 {
		reqs = append(reqs, runtime.Request{User: cat.UserID(0), K: 10, ExcludeSeen: true})
	}
	for _, req := range reqs {
		res, err := eng.Recommend(ctx, req)
		if err != nil {
			return fmt.Errorf("warm-up: recommend %+v: %w", req, err)
		}
		if err := checkItems(res.Items, n, "recommend"); err != nil {
			return err
		}
	}
	res, err := eng.Similar(ctx, first, 10)
	if err != nil {
		return fmt.Errorf("warm-up: similar %q: %w", first, err)
	}
	return checkItems(res.Items, n, "similar")
}

func checkItems(items []runtime.Item, n int, what string) error {
	if len(items) == 0 && n > 1 {
		return fmt.Errorf("warm-up: %s returned no items from a catalog of %d", what, n)
	}
	for _, it := range items {
		s := float64(it.Score)
		switch {
		case it.Index < 0 || int(it.Index) >= n:
			return fmt.Errorf("warm-up: %s returned item index %d of %d", what, it.Index, n)
		case it.ID == "":
			return fmt.Errorf("warm-up: %s returned item %d without an id", what, it.Index)
		case math.IsNaN(s) || math.IsInf(s, 0):
			return fmt.Errorf("warm-up: %s scored item %q %v", what, it.ID, s)
		}
	}
	return nil
}
