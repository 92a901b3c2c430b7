package content

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// movieLensGenres are the 19 genre flags of MovieLens 100K's u.item, in column order (u.genre).
var movieLensGenres = []string{"unknown", "action", "adventure", "animation", "children's", "comedy", "crime",
	"documentary", "drama", "fantasy", "film-noir", "horror", "musical", "mystery", "romance", "sci-fi",
	"thriller", "war", "western"}

// maxLineBytes caps one line of an item file.
const maxLineBytes = 1 << 20

// readMovieLens reads u.item: id|title|release date|video release date|url|19 genre flags, Latin-1.
// The title is the document's text, each set flag a "genre=…" attribute.
func readMovieLens(r io.Reader, name string) (map[string]Doc, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxLineBytes)
	docs := map[string]Doc{}
	for line := 1; sc.Scan(); line++ {
		s := latin1(sc.Bytes())
		if strings.TrimSpace(s) == "" {
			continue
		}
		f := strings.Split(s, "|")
		if len(f) != 5+len(movieLensGenres) {
			return nil, fmt.Errorf("%w: %s:%d: %d fields, u.item has %d", ErrFormat, name, line, len(f), 5+len(movieLensGenres))
		}
		id := strings.TrimSpace(f[0])
		if _, dup := docs[id]; dup || id == "" {
			continue
		}
		d := Doc{Text: []string{f[1]}}
		for g, flag := range f[5:] {
			if strings.TrimSpace(flag) == "1" {
				d.Attrs = append(d.Attrs, AttributeToken("genre", movieLensGenres[g]))
			}
		}
		docs[id] = d
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrFormat, name, err)
	}
	return docs, nil
}

// latin1 decodes ISO-8859-1 bytes (every byte is the code point of the same value).
func latin1(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b))
	for _, c := range b {
		sb.WriteRune(rune(c))
	}
	return sb.String()
}
