package content

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTokenize(t *testing.T) {
	cases := []struct {
		in   string
		stop bool
		want []string
	}{
		{"Toy Story (1995)", false, []string{"toy", "story", "1995"}},
		{"  the  Lord of the RINGS ", true, []string{"lord", "rings"}},
		{"the", true, nil},
		{"Café Noir-2: ÉTÉ", false, []string{"café", "noir", "2", "été"}},
		{"東京物語 1953", false, []string{"東京物語", "1953"}},
		{"", false, nil},
		{"---", false, nil},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			require.Equal(t, c.want, Tokenize(c.in, c.stop, nil))
		})
	}
	require.Equal(t, "genre=film-noir", AttributeToken("Genre", " Film-Noir "))
	require.Equal(t, "", AttributeToken("genre", "  "))
}

// The weights follow the documented formula: (1 + ln tf)·(ln((1+n)/(1+df)) + 1), then unit L2 norm.
func TestFitWeights(t *testing.T) {
	c := Corpus{IDs: []string{"a", "b", "c"}, Docs: []Doc{
		{Text: []string{"red red apple"}},
		{Text: []string{"green apple"}, Attrs: []string{"kind=fruit"}},
		{},
	}}
	m, err := Fit(c, Config{})
	require.NoError(t, err)
	require.Equal(t, []string{"apple", "green", "kind=fruit", "red"}, m.Vocab)
	idf := func(df int) float64 { return math.Log(4/float64(1+df)) + 1 }
	for k, df := range []int{2, 1, 1, 1} {
		require.InDelta(t, idf(df), m.IDF[k], 1e-6)
	}
	a := m.Row(0)
	require.Equal(t, []int32{0, 3}, a.Terms)
	wApple, wRed := idf(2), (1+math.Log(2))*idf(1)
	norm := math.Hypot(wApple, wRed)
	require.InDelta(t, wApple/norm, a.Weights[0], 1e-6)
	require.InDelta(t, wRed/norm, a.Weights[1], 1e-6)
	require.Empty(t, m.Row(2).Terms, "an item without content has an empty vector")
	for i := range int32(2) {
		var ss float64
		for _, w := range m.Row(i).Weights {
			ss += float64(w) * float64(w)
		}
		require.InDelta(t, 1, ss, 1e-6)
	}
	// The inverted index is the transpose.
	require.Equal(t, []int32{0, 1}, m.Terms.Row(0))
	require.Equal(t, m.Row(1).Weights[0], m.TermWeights[m.Terms.Indptr[0]+1])
}

func TestFitLimitsAndErrors(t *testing.T) {
	c := Corpus{IDs: []string{"a", "b", "c", "d"}, Docs: []Doc{
		{Text: []string{"common rare1"}}, {Text: []string{"common shared"}}, {Text: []string{"common shared"}}, {Text: []string{"common"}},
	}}
	m, err := Fit(c, Config{MinDF: 2, MaxDF: 0.75})
	require.NoError(t, err)
	require.Equal(t, []string{"shared"}, m.Vocab)
	_, err = Fit(c, Config{MinDF: 5})
	require.ErrorIs(t, err, ErrEmpty)
	_, err = Fit(Corpus{IDs: []string{"a", "a"}, Docs: make([]Doc, 2)}, Config{})
	require.ErrorIs(t, err, ErrInput)
	_, err = Fit(Corpus{IDs: []string{"a"}}, Config{})
	require.ErrorIs(t, err, ErrInput)
}

// Items with planted shared terms are each other's nearest neighbours; profiles favour the user's theme.
func TestSimilarAndProfile(t *testing.T) {
	c := Corpus{IDs: []string{"s1", "s2", "s3", "c1", "c2", "x"}, Docs: []Doc{
		{Text: []string{"space station"}, Attrs: []string{"genre=sci-fi"}},
		{Text: []string{"space odyssey"}, Attrs: []string{"genre=sci-fi"}},
		{Text: []string{"alien planet"}, Attrs: []string{"genre=sci-fi"}},
		{Text: []string{"wedding party"}, Attrs: []string{"genre=comedy"}},
		{Text: []string{"party animals"}, Attrs: []string{"genre=comedy"}},
		{Text: []string{"documentary"}},
	}}
	m, err := Fit(c, Config{})
	require.NoError(t, err)
	top := m.Similar(0, 10)
	require.Equal(t, int32(1), top[0].Index, "shares a word and the genre")
	require.Equal(t, int32(2), top[1].Index, "shares the genre")
	require.Len(t, top, 2, "only items with a shared term")
	p, err := m.Profile([]int32{3})
	require.NoError(t, err)
	require.Equal(t, m.Row(3), p, "the profile of one item is its vector")
	got := m.Top(p, 3, func(i int32) bool { return i == 3 })
	require.Equal(t, int32(4), got[0].Index)
	_, err = m.Profile([]int32{99})
	require.ErrorIs(t, err, ErrInput)
	v := m.Vectorize(Doc{Text: []string{"Space unknownword"}, Attrs: []string{"genre=sci-fi"}})
	require.Len(t, v.Terms, 2, "unknown words are dropped")
	require.Equal(t, int32(0), m.Top(v, 1, nil)[0].Index)
}

func TestReadItemsCSV(t *testing.T) {
	in := "item_id,title,genres,price\n1,Toy Story (1995),Animation|Children's,3\n2,\"Heat, the film\",Action|Crime,4\n1,dup,Drama,5\n"
	docs, err := ReadItems(strings.NewReader(in), "items.csv", ReadOptions{})
	require.NoError(t, err)
	require.Equal(t, Doc{Text: []string{"Toy Story (1995)"}, Attrs: []string{"genres=animation", "genres=children's"}}, docs["1"])
	require.Equal(t, []string{"Heat, the film"}, docs["2"].Text)
	docs, err = ReadItems(strings.NewReader(in), "items.csv", ReadOptions{Text: []string{"genres"}, Attrs: []string{"price"}})
	require.NoError(t, err)
	require.Equal(t, Doc{Text: []string{"Animation|Children's"}, Attrs: []string{"price=3"}}, docs["1"])

	for name, bad := range map[string]string{"no item column": "title\nx\n", "no content column": "item,price\n1,2\n", "empty": ""} {
		_, err := ReadItems(strings.NewReader(bad), "bad.csv", ReadOptions{})
		require.ErrorIs(t, err, ErrFormat, name)
	}
	_, err = ReadItems(strings.NewReader(in), "items.csv", ReadOptions{Text: []string{"plot"}})
	require.ErrorIs(t, err, ErrFormat)
	tsv := "item\ttitle\n7\tA \"quoted\" title\n"
	docs, err = ReadItems(strings.NewReader(tsv), "items.tsv", ReadOptions{})
	require.NoError(t, err)
	require.Equal(t, []string{`A "quoted" title`}, docs["7"].Text)
}

func TestReadMovieLens(t *testing.T) {
	line := "1|Caf\xe9 Society (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
	docs, err := ReadItems(strings.NewReader(line+"\n"), "u.item", ReadOptions{MovieLens: true})
	require.NoError(t, err)
	require.Equal(t, Doc{Text: []string{"Café Society (1995)"},
		Attrs: []string{"genre=animation", "genre=children's", "genre=comedy"}}, docs["1"])
	_, err = ReadItems(strings.NewReader("1|short\n"), "u.item", ReadOptions{MovieLens: true})
	require.ErrorIs(t, err, ErrFormat)
}
