package content_test

import (
	"fmt"

	"github.com/corerec/corerec/train/content"
)

func Example() {
	corpus := content.Corpus{
		IDs: []string{"alien", "aliens", "heat", "toy-story"},
		Docs: []content.Doc{
			{Text: []string{"Alien (1979)"}, Attrs: []string{"genre=horror", "genre=sci-fi"}},
			{Text: []string{"Aliens (1986)"}, Attrs: []string{"genre=action", "genre=sci-fi"}},
			{Text: []string{"Heat (1995)"}, Attrs: []string{"genre=action", "genre=crime"}},
			{Text: []string{"Toy Story (1995)"}, Attrs: []string{"genre=animation"}},
		},
	}
	m, err := content.Fit(corpus, content.Config{StopWords: true})
	if err != nil {
		panic(err)
	}
	for _, s := range m.Similar(1, 3) {
		fmt.Printf("%s %.2f\n", corpus.IDs[s.Index], s.Score)
	}
	// Output:
	// heat 0.19
	// alien 0.18
}
