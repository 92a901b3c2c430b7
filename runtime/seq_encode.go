package runtime

import "fmt"

// encodeSeq fills sc.q with a sequential model's user vector: the transformer over the request's history
// (its most recent MaxLen items), or, without a usable history, over a known user's stored seen items
// (written in time order by the trainer). It reports false when there is neither.
func (e *Engine) encodeSeq(sc *scratch, user int32, known bool) bool {
	hist := sc.hist
	if len(hist) == 0 && known && e.seen != nil {
		hist = e.seen.Row(int(user))
	}
	if len(hist) == 0 {
		return false
	}
	st := e.seq.getState()
	defer e.seq.putState(st)
	e.seq.prefill(st, e.seq.window(hist))
	copy(sc.q, st.out)
	return true
}

// HistoryVector returns a sequential bundle's user vector for a history (original ids, oldest first;
// ids the bundle does not know are skipped): the vector Recommend scores the items with. It is all zeros
// for an empty SASRec history. It fails with ErrBundle for bundles of other kinds.
func (e *Engine) HistoryVector(history []string) ([]float32, error) {
	if e.closed.Load() {
		return nil, ErrClosed
	}
	if e.seq == nil {
		return nil, fmt.Errorf("%w: %q bundles have no sequence model", ErrBundle, e.manifest.Kind)
	}
	var ignored []string
	hist := e.resolve(history, nil, &ignored)
	st := e.seq.getState()
	defer e.seq.putState(st)
	e.seq.prefill(st, e.seq.window(hist))
	return append([]float32(nil), st.out...), nil
}
