package runtime

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
