package runtime

import (
	"context"

	"github.com/corerec/corerec/internal/fmtlite"
)

// SessionOptions configures a Session. The zero value works.
type SessionOptions struct {
	// Hop is how many of the oldest items a full SASRec window drops when a new item arrives; the rest is
	// then encoded again once, and the following Hop−1 appends are incremental again. Default MaxLen/4 (at
	// least 1): the window then holds between MaxLen−Hop+1 and MaxLen items, and an append costs O(MaxLen·dim)
	// amortized. 1 keeps exactly the last MaxLen items (as Recommend does with a History) at the price of a
	// full re-encode, O(MaxLen²·dim), on every append once the window is full.
	Hop int
}

// Session is one visitor's recent items and the model's state over them, for sequential bundles (SASRec,
// BERT4Rec): no user needs to be stored anywhere, and for SASRec each Append costs one row through the
// transformer against cached keys and values — O(window·dim) per block — instead of re-encoding the
// window. BERT4Rec attends in both directions, so its vector is recomputed over the whole window (on the
// first Vector or Recommend after an Append).
//
// A Session's vector equals the one Recommend computes from a History holding the session's Window. A
// Session is not safe for concurrent use; sessions of one Engine are independent of each other.
type Session struct {
	e     *Engine
	m     *seqModel
	st    *seqState
	hop   int
	stale bool // BERT4Rec: items changed since the last encode
}

// NewSession starts an empty session. It fails with ErrBundle when the bundle holds no sequential model.
func (e *Engine) NewSession(opt SessionOptions) (*Session, error) {
	if e.seq == nil {
		return nil, fmtlite.Errorf("%w: %q bundles have no sequence model: sessions need sasrec or bert4rec", ErrBundle, e.manifest.Kind)
	}
	hop := opt.Hop
	if hop <= 0 {
		hop = max(1, e.seq.maxLen/4)
	}
	s := &Session{e: e, m: e.seq, st: e.seq.newState(), hop: min(hop, e.seq.maxLen)}
	s.Reset()
	return s, nil
}

// Reset forgets every item.
func (s *Session) Reset() {
	s.m.prefill(s.st, nil)
	s.stale = false
}

// Append adds the item with original id after the others. It returns false, and changes nothing, when the
// bundle does not know the item.
func (s *Session) Append(id string) bool {
	i, ok := s.e.catalog.ItemIndex(id)
	if !ok {
		return false
	}
	m, st := s.m, s.st
	if !m.causal {
		st.items = append(st.items, i)
		if w := m.window(st.items); len(w) < len(st.items) {
			st.items = append(st.items[:0], w...)
		}
		s.stale = true
		return true
	}
	if len(st.items) == m.maxLen {
		m.prefill(st, st.items[s.hop:])
	}
	m.appendItem(st, i)
	return true
}

// Len is the number of items in the window.
func (s *Session) Len() int { return len(s.st.items) }

// Window returns the original ids of the items the session's vector is computed from, oldest first.
func (s *Session) Window() []string {
	out := make([]string, len(s.st.items))
	for j, i := range s.st.items {
		out[j] = s.e.catalog.ItemID(i)
	}
	return out
}

// Vector appends the user vector (Engine.Dim floats) to dst; it is all zeros for an empty SASRec session.
func (s *Session) Vector(dst []float32) []float32 {
	s.refresh()
	return append(dst, s.st.out...)
}

// refresh re-encodes a BERT4Rec window changed since the last encode.
func (s *Session) refresh() {
	if s.stale {
		s.m.prefill(s.st, s.st.items)
		s.stale = false
	}
}

// Recommend answers req from the session's state: req.User and req.History are not used to encode (an
// empty session gets the popular fallback), ExcludeSeen removes the window's items, and K, Allow and Deny
// apply as in Engine.Recommend.
func (s *Session) Recommend(ctx context.Context, req Request) (Result, error) {
	s.refresh()
	return s.e.recommend(ctx, req, s)
}

// encode fills the request scratch from the session: its window as the history, its vector as the query.
func (s *Session) encode(sc *scratch) bool {
	sc.hist = append(sc.hist[:0], s.st.items...)
	if len(s.st.items) == 0 {
		return false
	}
	copy(sc.q, s.st.out)
	return true
}
