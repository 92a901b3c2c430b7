package testbundle

import (
	"math/rand/v2"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/wire"
)

// Requests returns n varied requests over eng's catalog for parity checks between hosts: histories of 1–12
// items, k from 1 to 30, and about one in four each with ExcludeSeen, a deny-list, a category filter, a known
// user, or an unknown user with no history (the popular fallback). The same seed gives the same requests.
func Requests(eng *runtime.Engine, n int, seed uint64) []wire.Request {
	r := rand.New(rand.NewPCG(seed, 2))
	cat := eng.Catalog()
	ni := cat.NumItems()
	item := func() string { return cat.ItemID(int32(r.IntN(ni))) }
	out := make([]wire.Request, n)
	for q := range out {
		req := wire.Request{K: 1 + r.IntN(30), ExcludeSeen: r.IntN(4) == 0}
		for range 1 + r.IntN(12) {
			req.History = append(req.History, item())
		}
		if r.IntN(4) == 0 {
			req.Deny = []string{item(), item()}
		}
		if r.IntN(4) == 0 {
			req.Categories = []string{cat.ItemCategory(int32(r.IntN(ni)))}
		}
		switch r.IntN(8) {
		case 0:
			if nu := cat.NumUsers(); nu > 0 {
				req.User = cat.UserID(int32(r.IntN(nu)))
			}
		case 1:
			req.User, req.History = "visitor", nil
		}
		out[q] = req
	}
	return out
}
