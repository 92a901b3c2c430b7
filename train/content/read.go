package content

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// ReadOptions choose the columns of an item file.
type ReadOptions struct {
	// Text names the free-text columns. Default: those named title, name, description or text.
	Text []string
	// Attrs names the attribute columns; a value holds one or more values separated by '|'. Default:
	// those named category, genre, genres, tags, tag or brand.
	Attrs []string
	// MovieLens reads MovieLens 100K's u.item (pipe-separated, Latin-1, 19 genre flags) instead of CSV:
	// the title is text and each genre an attribute. Default: detected from the file name "u.item".
	MovieLens bool
}

var (
	itemColumns = []string{"item", "itemid", "item_id", "id", "movieid", "movie_id", "productid", "asin"}
	textColumns = []string{"title", "name", "description", "text"}
	attrColumns = []string{"category", "genre", "genres", "tags", "tag", "brand"}
)

// LoadItems reads the item file at path (see ReadItems).
func LoadItems(path string, opt ReadOptions) (map[string]Doc, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("content: %w", err)
	}
	defer f.Close()
	if filepath.Base(path) == "u.item" {
		opt.MovieLens = true
	}
	return ReadItems(f, path, opt)
}

// ReadItems reads item content: a CSV (tab-separated when name ends in .tsv) whose header names an item
// column and the text and attribute columns, or MovieLens' u.item. A repeated item keeps its first row.
func ReadItems(r io.Reader, name string, opt ReadOptions) (map[string]Doc, error) {
	if opt.MovieLens {
		return readMovieLens(r, name)
	}
	cr := csv.NewReader(bufio.NewReader(r))
	cr.Comment, cr.FieldsPerRecord, cr.ReuseRecord = '#', -1, true
	if strings.EqualFold(filepath.Ext(name), ".tsv") {
		cr.Comma, cr.LazyQuotes = '\t', true
	}
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: header: %w", ErrFormat, name, err)
	}
	head = slices.Clone(head) // ReuseRecord: the next Read overwrites it
	cols, err := columns(head, opt, name)
	if err != nil {
		return nil, err
	}
	docs := map[string]Doc{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrFormat, name, err)
		}
		if cols.item >= len(rec) {
			continue
		}
		id := strings.TrimSpace(rec[cols.item])
		if _, dup := docs[id]; !dup && id != "" {
			docs[id] = cols.doc(rec, head)
		}
	}
}

type fileColumns struct {
	item        int
	text, attrs []int
}

func columns(head []string, opt ReadOptions, name string) (fileColumns, error) {
	c := fileColumns{item: -1}
	norm := make([]string, len(head))
	for i, h := range head {
		norm[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		if c.item < 0 && slices.Contains(itemColumns, norm[i]) {
			c.item = i
		}
	}
	if c.item < 0 {
		return c, fmt.Errorf("%w: %s: no item column in header %q", ErrFormat, name, head)
	}
	pick := func(want, defaults []string) ([]int, error) {
		var out []int
		for _, w := range want {
			k := slices.Index(norm, strings.ToLower(w))
			if k < 0 {
				return nil, fmt.Errorf("%w: %s: no column %q in header %q", ErrFormat, name, w, head)
			}
			out = append(out, k)
		}
		for k, h := range norm {
			if len(want) == 0 && k != c.item && slices.Contains(defaults, h) {
				out = append(out, k)
			}
		}
		return out, nil
	}
	var err error
	if c.text, err = pick(opt.Text, textColumns); err != nil {
		return c, err
	}
	if c.attrs, err = pick(opt.Attrs, attrColumns); err != nil {
		return c, err
	}
	if len(c.text)+len(c.attrs) == 0 {
		return c, fmt.Errorf("%w: %s: no text or attribute column in header %q", ErrFormat, name, head)
	}
	return c, nil
}

func (c fileColumns) doc(rec, head []string) Doc {
	var d Doc
	for _, k := range c.text {
		if k < len(rec) && strings.TrimSpace(rec[k]) != "" {
			d.Text = append(d.Text, rec[k])
		}
	}
	for _, k := range c.attrs {
		if k >= len(rec) {
			continue
		}
		for _, v := range strings.Split(rec[k], "|") {
			if t := AttributeToken(head[k], v); t != "" {
				d.Attrs = append(d.Attrs, t)
			}
		}
	}
	return d
}
