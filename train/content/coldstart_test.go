package content

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/corerec/corerec/runtime"
)

// A new item with text and no interactions is retrievable for users who liked similar items: on
// generated data with planted topics (each topic's titles draw from its own words, plus words shared by
// all), every user whose items come from one topic gets that topic's cold item first among the cold
// items, and retrieves it (a positive score) from the whole catalog. How high it ranks there depends on
// the ~25 unseen items of its topic and on shared filler words: the test logs it.
func TestColdItemsFollowTheirTopic(t *testing.T) {
	const topics, perTopic, users = 5, 30, 60
	r := rand.New(rand.NewPCG(9, 9))
	title := func(topic int) string {
		s := ""
		for range 3 {
			s += fmt.Sprintf(" t%dw%d", topic, r.IntN(12))
		}
		return s + fmt.Sprintf(" common%d", r.IntN(20))
	}
	var c Corpus
	for tp := range topics {
		for j := range perTopic {
			c.IDs = append(c.IDs, fmt.Sprintf("t%d-%d", tp, j))
			c.Docs = append(c.Docs, Doc{Text: []string{title(tp)}})
		}
	}
	cold := make([]string, topics)
	for tp := range topics {
		cold[tp] = fmt.Sprintf("new-t%d", tp)
		c.IDs = append(c.IDs, cold[tp])
		c.Docs = append(c.Docs, Doc{Text: []string{title(tp)}})
	}
	m, err := Fit(c, Config{})
	require.NoError(t, err)
	seen := make([][]int32, users)
	for u := range seen {
		tp := u % topics
		for range 6 {
			seen[u] = append(seen[u], int32(tp*perTopic+r.IntN(perTopic)))
		}
	}
	eng := openBundle(t, m, seen) // cold items have no interactions: popularity 0
	inTop10 := 0
	for u := range seen {
		id, tp := fmt.Sprintf("user-%d", u), u%topics
		res, err := eng.Recommend(context.Background(), runtime.Request{User: id, K: 1, Allow: cold})
		require.NoError(t, err)
		require.Equal(t, cold[tp], res.Items[0].ID, "user %d: first among the cold items", u)
		res, err = eng.Recommend(context.Background(), runtime.Request{User: id, K: len(c.IDs), ExcludeSeen: true})
		require.NoError(t, err)
		rank := -1
		for j, it := range res.Items {
			if it.ID == cold[tp] {
				rank = j
			}
		}
		require.GreaterOrEqual(t, rank, 0, "user %d: the cold item is retrieved from the whole catalog", u)
		if rank < 10 {
			inTop10++
		}
	}
	t.Logf("the topic's cold item is in the top 10 for %d of %d users", inTop10, users)
}
