package content

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/corerec/corerec/runtime"
)

// BenchmarkRuntime measures the runtime's content retrieval (inverted-index scoring of every item, then
// top 10) for an item-to-item query and for a 20-item user profile, on random corpora whose titles draw
// 1–4 of 5,000 words and one of 20 genres (the genre postings are long: n/20 items each).
func BenchmarkRuntime(b *testing.B) {
	for _, n := range []int{1682, 100000} {
		c := Corpus{}
		r := rand.New(rand.NewPCG(1, 2))
		for i := range n {
			title := ""
			for range 1 + r.IntN(4) {
				title += fmt.Sprintf(" w%d", r.IntN(5000))
			}
			c.IDs = append(c.IDs, fmt.Sprint(i))
			c.Docs = append(c.Docs, Doc{Text: []string{title}, Attrs: []string{AttributeToken("genre", fmt.Sprint(r.IntN(20)))}})
		}
		m, err := Fit(c, Config{})
		if err != nil {
			b.Fatal(err)
		}
		seen := [][]int32{{}}
		for range 20 {
			seen[0] = append(seen[0], int32(r.IntN(n)))
		}
		eng := openBundle(b, m, seen)
		ctx := context.Background()
		b.Run(fmt.Sprintf("items=%d/query=similar", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				if _, err := eng.Similar(ctx, c.IDs[i%n], 10); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("items=%d/query=profile20", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := eng.Recommend(ctx, runtime.Request{User: "user-0", K: 10, ExcludeSeen: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
