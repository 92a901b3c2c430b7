package nn

import (
	"fmt"
	"math/rand/v2"
)

// The epoch samplers of (user, positive) pairs a trainer's Sampling option names: SamplePairs visits every
// training interaction once in a shuffled order (a user weighs in proportion to their items); SampleUsers
// makes as many UserUniform draws.
const (
	SamplePairs = "pairs"
	SampleUsers = "users"
)

// CheckSampling returns an error naming pkg unless s is SamplePairs or SampleUsers.
func CheckSampling(pkg, s string) error {
	if s != SamplePairs && s != SampleUsers {
		return fmt.Errorf("%s: sampling %q: want %q or %q", pkg, s, SamplePairs, SampleUsers)
	}
	return nil
}

// UserUniform makes n training draws weighted per user rather than per interaction: each draw picks a
// user uniformly among those with at least one positive, then one of that user's positives uniformly,
// and calls emit(user, item). pos[u] lists user u's positive items. A user's share of the draws is then
// the same whatever their number of items, as in the per-user averages of Recall@K and NDCG@K (the
// LightGCN reference code samples this way). Draws are reproducible for a fixed rng state.
func UserUniform(rng *rand.Rand, pos [][]int32, n int, emit func(user, item int32)) {
	users := make([]int32, 0, len(pos))
	for u, p := range pos {
		if len(p) > 0 {
			users = append(users, int32(u))
		}
	}
	if len(users) == 0 {
		return
	}
	for range n {
		u := users[rng.IntN(len(users))]
		p := pos[u]
		emit(u, p[rng.IntN(len(p))])
	}
}
