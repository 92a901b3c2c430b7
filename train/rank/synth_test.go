package rank

import (
	"fmt"
	"math/rand/v2"

	"github.com/corerec/corerec/runtime"
)

// synthData is a small data set with every kind of field on both sides: users, items, a
// user gender and age, item genres (multi-hot, some items with none) and year; labels
// depend on an interaction of user and item so the models have something to learn.
func synthData(nUsers, nItems, nEvents int, seed uint64) *Data {
	rng := rand.New(rand.NewPCG(seed, 9))
	d := &Data{UserKey: "user", ItemKey: "item", Vocabs: map[string][]string{}}
	d.Users, d.Items = NewTable(nUsers), NewTable(nItems)
	for i := range nUsers {
		d.Vocabs["user"] = append(d.Vocabs["user"], fmt.Sprintf("u%d", i))
	}
	for i := range nItems {
		d.Vocabs["item"] = append(d.Vocabs["item"], fmt.Sprintf("i%d", i))
	}
	d.Vocabs["gender"] = []string{"F", "M"}
	d.Vocabs["genres"] = []string{"a", "b", "c", "d", "e"}
	d.Users.Cat["user"], d.Items.Cat["item"] = seqCodes(nUsers), seqCodes(nItems)
	g, age := make([]int32, nUsers), make([]float32, nUsers)
	for i := range nUsers {
		g[i], age[i] = int32(1+rng.IntN(2)), float32(18+rng.IntN(50))
	}
	d.Users.Cat["gender"], d.Users.Dense["age"] = g, age
	genres, year := make([][]int32, nItems), make([]float32, nItems)
	for i := range nItems {
		for c := range 5 {
			if rng.IntN(3) == 0 {
				genres[i] = append(genres[i], int32(c+1))
			}
		}
		year[i] = float32(1950 + rng.IntN(50))
	}
	d.Items.Multi["genres"], d.Items.Dense["year"] = genres, year
	for e := range nEvents {
		u, it := int32(rng.IntN(nUsers)), int32(rng.IntN(nItems))
		l := float32(0)
		if (g[u] == 1) == (len(genres[it])%2 == 0) || rng.IntN(5) == 0 {
			l = 1
		}
		d.Examples.User = append(d.Examples.User, u)
		d.Examples.Item = append(d.Examples.Item, it)
		d.Examples.Label = append(d.Examples.Label, l)
		d.Examples.Time = append(d.Examples.Time, int64(e))
	}
	d.Fields = []runtime.RankField{
		catField("user", runtime.SideUser, d),
		{Name: "year", Kind: runtime.FieldDense, Side: runtime.SideItem, Shift: 1975, Scale: 0.05},
		catField("item", runtime.SideItem, d),
		catField("gender", runtime.SideUser, d),
		{Name: "genres", Kind: runtime.FieldMultiHot, Side: runtime.SideItem, Vocab: 6},
		{Name: "age", Kind: runtime.FieldDense, Side: runtime.SideUser, Shift: 40, Scale: 0.1},
	}
	return d
}
