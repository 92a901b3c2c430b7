package importer

import (
	"fmt"

	"github.com/corerec/corerec/dataset"
)

// Usage is what a bundle stores about past interactions besides the model: each user's items (the
// runtime's exclude-seen) and each item's interaction count (its popular-items fallback).
type Usage struct {
	Seen       [][]int32 // per user of the id list, item indices in time order; nil without user ids
	Popularity []float32 // per item of the id list
	// Dropped counts interactions whose user or item is not in the id lists.
	Dropped int
}

// LoadUsage reads an interaction file (any format dataset.Load reads: CSV/TSV with a header, MovieLens,
// sequences) and maps it onto the imported ids.
func LoadUsage(path string, itemIDs, userIDs []string) (Usage, error) {
	ds, err := dataset.Load(path, dataset.LoadOptions{})
	if err != nil {
		return Usage{}, fmt.Errorf("importer: %w", err)
	}
	return usageOf(ds, itemIDs, userIDs), nil
}

func usageOf(ds *dataset.Dataset, itemIDs, userIDs []string) Usage {
	itemOf := make([]int32, ds.Items.Len()) // data index → imported index, −1 when absent
	idx := make(map[string]int32, len(itemIDs))
	for i, id := range itemIDs {
		idx[id] = int32(i)
	}
	for i := range itemOf {
		itemOf[i] = lookup(idx, ds.Items.ID(int32(i)))
	}
	clear(idx)
	for u, id := range userIDs {
		idx[id] = int32(u)
	}
	u := Usage{Popularity: make([]float32, len(itemIDs))}
	if len(userIDs) > 0 {
		u.Seen = make([][]int32, len(userIDs))
	}
	for du, items := range ds.Sequences() {
		user := lookup(idx, ds.Users.ID(int32(du)))
		for _, di := range items {
			item := itemOf[di]
			if item < 0 || (u.Seen != nil && user < 0) {
				u.Dropped++
				continue
			}
			u.Popularity[item]++
			if user >= 0 {
				u.Seen[user] = append(u.Seen[user], item)
			}
		}
	}
	return u
}

func lookup(m map[string]int32, id string) int32 {
	if i, ok := m[id]; ok {
		return i
	}
	return -1
}
