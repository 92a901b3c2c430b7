package runtime

import (
	"context"
	"time"

	"github.com/corerec/corerec/internal/fmtlite"
)

// recommendContent is Recommend for a TF-IDF bundle. The user's profile is the normalised mean of the
// vectors of the user's stored seen items (a known user) and of the request's History; items are ranked
// by cosine to it. No profile (an unknown user without known history, or only items without terms) gets
// the popular fallback (Options.UnknownUser). Features are refused: a TF-IDF bundle has no user tower.
func (e *Engine) recommendContent(ctx context.Context, req Request, k int) (Result, error) {
	if len(req.Features) > 0 {
		return Result{}, fmtlite.Errorf("%w: features given, but a tfidf bundle has no user tower", ErrBadRequest)
	}
	c := e.content
	sc, s := e.getScratch(), c.get()
	defer e.putScratch(sc)
	defer c.put(s)
	res := Result{Stages: make([]Stage, 0, 2)}

	start := time.Now()
	user, known := e.userIndex(req.User)
	sc.hist = e.resolve(req.History, sc.hist[:0], &res.Ignored)
	n := len(sc.hist)
	if known && e.seen != nil {
		for _, i := range e.seen.Row(int(user)) {
			c.add(s, i)
		}
		n += len(e.seen.Row(int(user)))
	}
	for _, i := range sc.hist {
		c.add(s, i)
	}
	ok := c.query(s)
	res.Stages = append(res.Stages, Stage{Name: "encode", In: n, Out: b2i(ok), Duration: time.Since(start)})
	if !ok && e.opt.UnknownUser == RejectUnknown {
		return Result{}, fmtlite.Errorf("%w: %q (and no history item with content)", ErrUnknownUser, req.User)
	}

	start = time.Now()
	e.exclude(sc, req, user, known, &res.Ignored)
	restricted := len(req.Allow) > 0
	if restricted {
		sc.allowed = e.resolve(req.Allow, sc.allowed[:0], &res.Ignored)
	}
	name, in := "retrieve", 0
	if ok {
		if err := c.score(ctx, s); err != nil {
			return Result{}, err
		}
		in = e.contentTop(sc, s, k, restricted)
	} else {
		name, res.Fallback = "fallback", "popular"
		in = e.popularTop(sc, k, restricted)
	}
	res.Items = e.items2result(sc.top)
	res.Stages = append(res.Stages, Stage{Name: name, In: in, Out: len(res.Items), Duration: time.Since(start)})
	return res, nil
}
