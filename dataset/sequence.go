package dataset

import (
	"cmp"
	"slices"
)

// Sequences returns each user's items ordered by time, indexed by user
// index (len = Users.Len()). The sort is stable: rows with equal times keep
// file order. Repeated (user, item) pairs are kept. Users without rows get
// an empty sequence.
func (d *Dataset) Sequences() [][]int32 {
	n := d.Users.Len()
	count := make([]int, n+1)
	for _, r := range d.Rows {
		count[r.User+1]++
	}
	for u := 1; u <= n; u++ {
		count[u] += count[u-1]
	}
	// Bucket rows by user (a stable counting sort), then sort each bucket by time.
	byUser := make([]Interaction, len(d.Rows))
	next := slices.Clone(count[:n])
	for _, r := range d.Rows {
		byUser[next[r.User]] = r
		next[r.User]++
	}
	items := make([]int32, len(d.Rows))
	seqs := make([][]int32, n)
	for u := range n {
		rows := byUser[count[u]:count[u+1]]
		slices.SortStableFunc(rows, func(a, b Interaction) int { return cmp.Compare(a.Time, b.Time) })
		seq := items[count[u]:count[u+1]:count[u+1]]
		for i, r := range rows {
			seq[i] = r.Item
		}
		seqs[u] = seq
	}
	return seqs
}
