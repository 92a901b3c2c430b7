package content

import (
	"strings"
	"testing"
)

// Item files are untrusted: any bytes give documents or an error, never a panic, and whatever is read
// can be fitted.
func FuzzReadItems(f *testing.F) {
	f.Add("item,title,genres\n1,Toy Story,Animation|Comedy\n2,\"a, b\",\n", false)
	f.Add("item\ttitle\n1\tx\n", false)
	f.Add("1|T (1995)|d||u|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n", true)
	f.Add("\ufeffID,Title\n\"unterminated\n", false)
	f.Fuzz(func(t *testing.T, data string, ml bool) {
		name := "items.csv"
		if strings.HasPrefix(data, "item\t") {
			name = "items.tsv"
		}
		docs, err := ReadItems(strings.NewReader(data), name, ReadOptions{MovieLens: ml})
		if err != nil {
			return
		}
		ids := make([]string, 0, len(docs))
		for id := range docs {
			ids = append(ids, id)
		}
		c, _ := Align(ids, docs)
		m, err := Fit(c, Config{StopWords: true})
		if err != nil {
			return
		}
		if m.NumItems() > 0 {
			m.Similar(0, 5)
		}
	})
}
