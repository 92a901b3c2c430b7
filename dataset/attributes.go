package dataset

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ItemAttributes holds per-item attributes indexed by item index
// (len = items.Len() when read). A slice is nil when its column is absent;
// an item without a value has "" / 0 / nil.
//
// Concurrency: safe for concurrent reads.
type ItemAttributes struct {
	Category []string
	// CreatedAt is in unix seconds; 0 means unknown.
	CreatedAt []int64
	Tags      [][]string
	// Stats counts rows; rows of unknown items (SkipUnknownItem) and repeated
	// rows of one item (SkipDuplicateItem, the first row wins) are skipped.
	Stats Stats
}

// attribute column aliases, compared after normalize.
var attrAliases = map[string]string{
	"item": "item", "itemid": "item", "iid": "item", "movieid": "item", "productid": "item",
	"category": "category", "cat": "category", "genre": "category",
	"createdat": "created", "created": "created", "date": "created", "releasedate": "created",
	"tags": "tags", "tag": "tags",
}

// LoadItemAttributes reads the attribute file at path; see ReadItemAttributes.
func LoadItemAttributes(path string, items *IDMap) (*ItemAttributes, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	defer f.Close()
	return ReadItemAttributes(f, path, items)
}

// ReadItemAttributes reads a CSV (tab-separated when name ends in .tsv) with
// a header naming an item column and any of category, created_at (unix
// seconds, RFC3339 or YYYY-MM-DD) and tags (separated by '|'). Items not in
// items are counted and skipped. Lines are capped at DefaultMaxLineBytes.
func ReadItemAttributes(r io.Reader, name string, items *IDMap) (*ItemAttributes, error) {
	if items == nil {
		return nil, fmt.Errorf("dataset: %s: ReadItemAttributes needs an item IDMap", name)
	}
	capr := newCapReader(r, name, DefaultMaxLineBytes)
	cr := csv.NewReader(bufio.NewReader(capr))
	cr.Comment, cr.FieldsPerRecord, cr.ReuseRecord = '#', -1, true
	if strings.EqualFold(filepath.Ext(name), ".tsv") {
		cr.Comma, cr.LazyQuotes = '\t', true
	}
	a := &ItemAttributes{}
	err := readAttributes(cr, name, items, a)
	a.Stats.Lines = capr.lines()
	if err != nil {
		return nil, err
	}
	return a, nil
}

// attrColumns holds each attribute column's index, -1 when absent.
type attrColumns struct {
	item, category, created, tags int
	names                         []string
}

func readAttributes(cr *csv.Reader, name string, items *IDMap, a *ItemAttributes) error {
	rec, err := cr.Read()
	if err == io.EOF {
		return parseErr(name, 1, "", "no header")
	}
	if err != nil {
		return csvErr(name, err)
	}
	line, _ := cr.FieldPos(0)
	cols, err := attrHeader(rec, name, line)
	if err != nil {
		return err
	}
	n := items.Len()
	if cols.category >= 0 {
		a.Category = make([]string, n)
	}
	if cols.created >= 0 {
		a.CreatedAt = make([]int64, n)
	}
	if cols.tags >= 0 {
		a.Tags = make([][]string, n)
	}
	seen := make([]bool, n)
	for {
		rec, err = cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvErr(name, err)
		}
		line, _ = cr.FieldPos(0)
		if err := a.addRow(rec, cols, items, seen, name, line); err != nil {
			return err
		}
	}
}

// attrHeader maps a header's columns; an item column is required.
func attrHeader(rec []string, name string, line int) (attrColumns, error) {
	c := attrColumns{item: -1, category: -1, created: -1, tags: -1}
	for i, f := range rec {
		c.names = append(c.names, strings.TrimSpace(f))
		var p *int
		switch attrAliases[normalize(f)] {
		case "item":
			p = &c.item
		case "category":
			p = &c.category
		case "created":
			p = &c.created
		case "tags":
			p = &c.tags
		default:
			continue
		}
		if *p < 0 {
			*p = i
		}
	}
	if c.item < 0 {
		return c, parseErr(name, line, "", "header must name an item column, got %q", rec)
	}
	return c, nil
}

// addRow stores one record's attributes.
func (a *ItemAttributes) addRow(rec []string, c attrColumns, items *IDMap, seen []bool, name string, line int) error {
	field := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	id := field(c.item)
	if id == "" {
		return parseErr(name, line, c.names[c.item], "empty id")
	}
	idx, ok := items.Index(id)
	if !ok || int(idx) >= len(seen) {
		a.Stats.skip(SkipUnknownItem)
		return nil
	}
	if seen[idx] {
		a.Stats.skip(SkipDuplicateItem)
		return nil
	}
	if s := field(c.created); s != "" {
		t, err := parseTime(s)
		if err != nil {
			return parseErr(name, line, c.names[c.created], "%v: %q", err, s)
		}
		a.CreatedAt[idx] = t
	}
	if c.category >= 0 {
		a.Category[idx] = field(c.category)
	}
	if c.tags >= 0 {
		a.Tags[idx] = splitTags(field(c.tags))
	}
	seen[idx] = true
	a.Stats.Rows++
	return nil
}

// splitTags splits "a|b|c", dropping empty tags; nil when there are none.
func splitTags(s string) []string {
	var tags []string
	for t := range strings.SplitSeq(s, "|") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

// parseTime accepts unix seconds, RFC3339 or YYYY-MM-DD (UTC).
func parseTime(s string) (int64, error) {
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Unix(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Unix(), nil
	}
	return 0, fmt.Errorf("not a time (unix seconds, RFC3339 or YYYY-MM-DD)")
}
