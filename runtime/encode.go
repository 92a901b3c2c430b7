package runtime

import (
	"slices"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Encode returns the user vector Recommend would score items with for req (K, filters and ExcludeSeen are
// ignored): the stored vector of a known user, the user tower's output for Features, or the mean of the
// History's item vectors — for sequential bundles (SASRec, BERT4Rec) the transformer's output over the
// History, or over a known user's stored items; for a Two-Tower bundle whose user tower reads a history
// (TowerSpec.History), the tower's output over the History beside the user's ID row (a known user's
// own, else the unknown row). It returns ErrUnknownUser when none applies.
func (e *Engine) Encode(req Request) ([]float32, error) {
	if e.closed.Load() {
		return nil, ErrClosed
	}
	if e.content != nil {
		return nil, fmtlite.Errorf("%w: a tfidf bundle has no dense user vector", ErrBadRequest)
	}
	sc := e.getScratch()
	defer e.putScratch(sc)
	user, known := e.userIndex(req.User)
	var ignored []string
	sc.hist = e.resolve(req.History, sc.hist[:0], &ignored)
	ok, err := e.encodeRequest(sc, req.Features, user, known, nil)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmtlite.Errorf("%w: %q (no features and no known history item)", ErrUnknownUser, req.User)
	}
	return slices.Clone(sc.q), nil
}
