package rank

import (
	"fmt"
	"slices"

	"github.com/corerec/corerec/runtime"
)

// Table holds one side's encoded features (users or items), one row per entity. Row r of the side's key
// field has code r+1; codes index the field's embedding table, 0 being the reserved unknown bucket.
type Table struct {
	Rows  int
	Cat   map[string][]int32   // categorical field → code per row
	Multi map[string][][]int32 // multi-hot field → codes per row
	Dense map[string][]float32 // dense field → raw value per row
}

// NewTable returns an empty table of n rows.
func NewTable(n int) Table {
	return Table{Rows: n, Cat: map[string][]int32{}, Multi: map[string][][]int32{}, Dense: map[string][]float32{}}
}

// Examples are labelled (user row, item row) pairs.
type Examples struct {
	User, Item []int32
	Label      []float32 // 0 or 1
	Time       []int64   // event time (for splitting); may be nil
}

// Len is the number of examples.
func (e *Examples) Len() int { return len(e.Label) }

func (e *Examples) add(src *Examples, i int) {
	e.User = append(e.User, src.User[i])
	e.Item = append(e.Item, src.Item[i])
	e.Label = append(e.Label, src.Label[i])
	if src.Time != nil {
		e.Time = append(e.Time, src.Time[i])
	}
}

// Data is a ranking data set: the feature spec's fields (with vocabulary sizes and dense
// normalisation), each categorical field's vocabulary, the user and item feature tables and
// the examples.
type Data struct {
	Fields           []runtime.RankField
	UserKey, ItemKey string
	Vocabs           map[string][]string // field → values; value i has code i+1
	Users, Items     Table
	Examples         Examples
}

// Split is a train / validation / test partition of Data.Examples.
type Split struct{ Train, Valid, Test Examples }

// SplitByUserTime puts each user's last testFrac of events (by time, ties in input order) in
// Test and the validFrac before them in Valid, the rest in Train. A user with fewer than 3
// events keeps them all in Train.
func SplitByUserTime(e *Examples, testFrac, validFrac float64) (Split, error) {
	if testFrac < 0 || validFrac < 0 || testFrac+validFrac >= 1 || e.Time == nil {
		return Split{}, fmt.Errorf("rank: split: fractions %v+%v (want < 1) and times needed", testFrac, validFrac)
	}
	byUser := map[int32][]int{}
	var users []int32
	for i, u := range e.User {
		if _, ok := byUser[u]; !ok {
			users = append(users, u)
		}
		byUser[u] = append(byUser[u], i)
	}
	slices.Sort(users)
	var s Split
	for _, u := range users {
		idx := byUser[u]
		slices.SortStableFunc(idx, func(a, b int) int { return cmpInt64(e.Time[a], e.Time[b]) })
		n := len(idx)
		nt, nv := int(float64(n)*testFrac+0.5), int(float64(n)*validFrac+0.5)
		if n < 3 {
			nt, nv = 0, 0
		}
		for k, i := range idx {
			switch {
			case k >= n-nt:
				s.Test.add(e, i)
			case k >= n-nt-nv:
				s.Valid.add(e, i)
			default:
				s.Train.add(e, i)
			}
		}
	}
	return s, nil
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Spec returns the feature part of a runtime.RankSpec for d (model fields left zero).
func (d *Data) Spec() runtime.RankSpec {
	return runtime.RankSpec{Format: 1, Fields: slices.Clone(d.Fields), UserKey: d.UserKey, ItemKey: d.ItemKey}
}

// table returns the table of a side.
func (d *Data) table(side string) *Table {
	if side == runtime.SideUser {
		return &d.Users
	}
	return &d.Items
}
