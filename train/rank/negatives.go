package rank

import (
	"fmt"
	"math/rand/v2"
)

// WithNegatives turns implicit feedback into labelled examples: every event of pos becomes a
// positive (label 1) followed by perPositive negatives (label 0) for the same user and time,
// items drawn uniformly from [0, numItems) among those the user never interacted with in pos.
// A user who interacted with every item gets no negatives. The draw depends only on seed.
func WithNegatives(pos *Examples, numItems, perPositive int, seed uint64) (Examples, error) {
	if numItems <= 0 || perPositive < 0 {
		return Examples{}, fmt.Errorf("rank: negatives: %d items, %d per positive", numItems, perPositive)
	}
	seen := map[int32]map[int32]bool{}
	for i, u := range pos.User {
		if seen[u] == nil {
			seen[u] = map[int32]bool{}
		}
		if it := pos.Item[i]; it < 0 || int(it) >= numItems {
			return Examples{}, fmt.Errorf("rank: negatives: item %d at event %d outside [0, %d)", it, i, numItems)
		}
		seen[u][pos.Item[i]] = true
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e9))
	out := Examples{}
	for i, u := range pos.User {
		t := int64(0)
		if pos.Time != nil {
			t = pos.Time[i]
		}
		out.append(u, pos.Item[i], 1, t)
		if len(seen[u]) >= numItems {
			continue
		}
		for range perPositive {
			it := int32(rng.IntN(numItems))
			for seen[u][it] {
				it = int32(rng.IntN(numItems))
			}
			out.append(u, it, 0, t)
		}
	}
	if pos.Time == nil {
		out.Time = nil
	}
	return out, nil
}

func (e *Examples) append(u, it int32, label float32, t int64) {
	e.User = append(e.User, u)
	e.Item = append(e.Item, it)
	e.Label = append(e.Label, label)
	e.Time = append(e.Time, t)
}
