package rank

import (
	"fmt"
	"math"
	"slices"

	"github.com/corerec/corerec/runtime"
)

// LeaveOneOut is an implicit-feedback split of events per user by time, the split of
// dataset.LeaveOneOut (and so of `pack eval`): each user's last event is the test item, the one
// before it the validation item, the rest are training positives. A user with fewer than 3
// events keeps them all in Train.
type LeaveOneOut struct {
	Train       Examples  // every training event, label 1, each user's in time order
	Seen        [][]int32 // user row → training items, in time order
	Valid, Test []int32   // user row → held-out item; -1 for none
}

// SplitLeaveOneOut splits e's events (every event counts as an interaction, whatever its label)
// for numUsers user rows. Events of one user with equal times keep their input order.
func SplitLeaveOneOut(e *Examples, numUsers int) (LeaveOneOut, error) {
	if e.Time == nil {
		return LeaveOneOut{}, fmt.Errorf("rank: leave-one-out: event times needed")
	}
	byUser := make([][]int, numUsers)
	for i, u := range e.User {
		if u < 0 || int(u) >= numUsers {
			return LeaveOneOut{}, fmt.Errorf("rank: leave-one-out: user %d at event %d outside [0, %d)", u, i, numUsers)
		}
		byUser[u] = append(byUser[u], i)
	}
	s := LeaveOneOut{Seen: make([][]int32, numUsers), Valid: make([]int32, numUsers), Test: make([]int32, numUsers)}
	for u, idx := range byUser {
		slices.SortStableFunc(idx, func(a, b int) int { return cmpInt64(e.Time[a], e.Time[b]) })
		s.Valid[u], s.Test[u] = -1, -1
		n := len(idx)
		if n >= 3 {
			s.Valid[u], s.Test[u] = e.Item[idx[n-2]], e.Item[idx[n-1]]
			idx = idx[:n-2]
		}
		for _, i := range idx {
			s.Train.append(int32(u), e.Item[i], 1, e.Time[i])
			s.Seen[u] = append(s.Seen[u], e.Item[i])
		}
	}
	return s, nil
}

// HeldOut returns each user row's held-out items (validation and test), for
// NegativeConfig.Exclude.
func (s *LeaveOneOut) HeldOut() [][]int32 {
	out := make([][]int32, len(s.Valid))
	for u := range out {
		for _, it := range []int32{s.Valid[u], s.Test[u]} {
			if it >= 0 {
				out[u] = append(out[u], it)
			}
		}
	}
	return out
}

// Targets returns the positives of target (a Valid or Test slice) as examples, label 1.
func Targets(target []int32) Examples {
	var e Examples
	for u, it := range target {
		if it >= 0 {
			e.append(int32(u), it, 1, 0)
		}
	}
	return e
}

// FunnelMetrics are a ranker's leave-one-out metrics over re-ranked retrieval pools.
type FunnelMetrics struct {
	HR, NDCG float64 // at K, averaged over Users
	K, Users int
}

// FunnelConfig configures Funnel.
type FunnelConfig struct {
	K int // cut-off of HR and NDCG (default 10)
	// Blend, when positive, scores like the runtime's rank stage with RankStageSpec.Blend: by
	// 1/(RRFK + rank by the ranker) + Blend/(RRFK + position in the pool), ranks from 1.
	Blend float64
	RRFK  float64 // default 60 (runtime.DefaultRRFK)
}

// Funnel scores how well m re-ranks retrieval pools: for every user row u with a target
// (target[u] ≥ 0), m scores pools[u] and the target counts as a hit when fewer than K pool
// items score above it (rank r from 0: NDCG adds 1/log2(r+2)). A target missing from the pool
// is a miss, as in the funnel, where the ranker only sees what retrieval finds.
func Funnel(m *Model, d *Data, pools [][]int32, target []int32, cfg FunnelConfig) (FunnelMetrics, error) {
	if cfg.K <= 0 {
		cfg.K = 10
	}
	if cfg.RRFK <= 0 {
		cfg.RRFK = runtime.DefaultRRFK
	}
	var e Examples
	var users []int
	for u, it := range target {
		if it < 0 {
			continue
		}
		users = append(users, u)
		if u < len(pools) && slices.Contains(pools[u], it) {
			for _, c := range pools[u] {
				e.append(int32(u), c, 0, 0)
			}
		}
	}
	logits, err := Predict(m, d, &e)
	if err != nil {
		return FunnelMetrics{}, err
	}
	res := FunnelMetrics{K: cfg.K, Users: len(users)}
	pos := 0
	for _, u := range users {
		if u >= len(pools) || !slices.Contains(pools[u], target[u]) {
			continue
		}
		scores := logits[pos : pos+len(pools[u])]
		pos += len(pools[u])
		if cfg.Blend > 0 {
			runtime.BlendScores(scores, cfg.Blend, cfg.RRFK)
		}
		ts := scores[slices.Index(pools[u], target[u])]
		r := 0
		for _, x := range scores {
			if x > ts {
				r++
			}
		}
		res.add(r)
	}
	res.mean()
	return res, nil
}

func (f *FunnelMetrics) add(rank int) {
	if rank < f.K {
		f.HR++
		f.NDCG += 1 / math.Log2(float64(rank+2))
	}
}

func (f *FunnelMetrics) mean() {
	if f.Users > 0 {
		f.HR /= float64(f.Users)
		f.NDCG /= float64(f.Users)
	}
}

// PoolOrder is Funnel for the pools' own order (the retriever alone): the target's rank is its
// position in pools[u].
func PoolOrder(pools [][]int32, target []int32, k int) FunnelMetrics {
	res := FunnelMetrics{K: k}
	for u, it := range target {
		if it < 0 {
			continue
		}
		res.Users++
		if u >= len(pools) {
			continue
		}
		if r := slices.Index(pools[u], it); r >= 0 {
			res.add(r)
		}
	}
	res.mean()
	return res
}
