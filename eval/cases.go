package eval

import (
	"fmt"

	"github.com/corerec/corerec/dataset"
)

// Case is one user to evaluate: Seen items are masked from the ranking
// (except those that are also targets), Targets are the held-out items to find.
type Case struct {
	User    int32
	Seen    []int32
	Targets []int32
}

// LeaveOneOutCases returns one case per user of split that has a held-out
// item. test=true: target Test[u], Seen = train + valid item (TrainValid);
// test=false: target Valid[u], Seen = Train[u]. A split may hold validation
// items without test items (a random validation holdout).
func LeaveOneOutCases(split dataset.Split, test bool) []Case {
	cases := make([]Case, 0, split.Stats.Evaluable)
	for u := range split.Train {
		if (test && split.Test[u] < 0) || (!test && split.Valid[u] < 0) {
			continue
		}
		c := Case{User: int32(u), Seen: split.Train[u], Targets: []int32{split.Valid[u]}}
		if test {
			c.Seen, c.Targets = split.TrainValid(u), []int32{split.Test[u]}
		}
		cases = append(cases, c)
	}
	return cases
}

// HoldoutCases returns one case per user with test items: Seen = train[u],
// Targets = test[u] without repeats. Users are indexed alike in both (load
// the files with shared id maps, dataset.LoadOptions.Users/Items).
func HoldoutCases(train, test [][]int32) []Case {
	var cases []Case
	for u, items := range test {
		if len(items) == 0 {
			continue
		}
		var seen []int32
		if u < len(train) {
			seen = train[u]
		}
		cases = append(cases, Case{User: int32(u), Seen: seen, Targets: unique(items)})
	}
	return cases
}

// unique returns items without repeats, in first-seen order.
func unique(items []int32) []int32 {
	seen := make(map[int32]bool, len(items))
	out := make([]int32, 0, len(items))
	for _, i := range items {
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}

// validate checks cases against a catalog of n items.
func validate(cases []Case, n int) error {
	for ci, c := range cases {
		if len(c.Targets) == 0 {
			return fmt.Errorf("eval: case %d (user %d): no targets: %w", ci, c.User, ErrInvalidCase)
		}
		for _, set := range [][]int32{c.Targets, c.Seen} {
			for _, i := range set {
				if i < 0 || int(i) >= n {
					return fmt.Errorf("eval: case %d (user %d): item %d out of range [0, %d): %w", ci, c.User, i, n, ErrInvalidCase)
				}
			}
		}
	}
	return nil
}
