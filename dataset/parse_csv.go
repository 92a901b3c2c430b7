package dataset

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// columns holds the index of each role in a header, -1 when absent.
type columns struct {
	user, item, time, rating int
	names                    []string
}

func (c columns) valid() bool { return c.user >= 0 && c.item >= 0 }

// Header aliases, compared after normalize.
var roleAliases = map[string]string{
	"user": "user", "userid": "user", "uid": "user",
	"item": "item", "itemid": "item", "iid": "item", "movieid": "item", "movie": "item", "productid": "item",
	"time": "time", "ts": "time", "timestamp": "time", "unixtime": "time",
	"rating": "rating", "score": "rating",
}

// normalize lower-cases a header name and drops a BOM, spaces, '_' and '-'.
func normalize(name string) string {
	name = strings.TrimPrefix(name, "\ufeff")
	name = strings.Trim(strings.TrimSpace(name), `"`)
	return strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', ' ':
			return -1
		}
		return r
	}, strings.ToLower(name))
}

// headerColumns finds the roles in a header; a role named twice keeps its
// first column.
func headerColumns(fields []string) columns {
	c := columns{user: -1, item: -1, time: -1, rating: -1, names: make([]string, len(fields))}
	for i, f := range fields {
		c.names[i] = strings.TrimSpace(f)
		var p *int
		switch roleAliases[normalize(f)] {
		case "user":
			p = &c.user
		case "item":
			p = &c.item
		case "time":
			p = &c.time
		case "rating":
			p = &c.rating
		default:
			continue
		}
		if *p < 0 {
			*p = i
		}
	}
	return c
}

// readDelimited parses CSV or TSV with a header.
func readDelimited(br *bufio.Reader, comma rune, b *builder) error {
	cr := csv.NewReader(br)
	cr.Comma, cr.Comment, cr.FieldsPerRecord = comma, '#', -1
	cr.ReuseRecord, cr.LazyQuotes = true, comma == '\t'
	rec, err := cr.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return csvErr(b.d.Source, err)
	}
	cols := headerColumns(rec)
	line, _ := cr.FieldPos(0)
	if !cols.valid() {
		return parseErr(b.d.Source, line, "", "header must name a user and an item column, got %q", rec)
	}
	b.d.HasTime, b.d.HasRating = cols.time >= 0, cols.rating >= 0
	for {
		rec, err = cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvErr(b.d.Source, err)
		}
		line, _ = cr.FieldPos(0)
		if err := addRecord(rec, cols, line, b); err != nil {
			return err
		}
	}
}

// addRecord checks one CSV record and adds it.
func addRecord(rec []string, cols columns, line int, b *builder) error {
	field := func(i int) (string, error) {
		if i >= len(rec) {
			return "", parseErr(b.d.Source, line, cols.names[i], "missing (row has %d fields)", len(rec))
		}
		return strings.TrimSpace(rec[i]), nil
	}
	user, err := field(cols.user)
	if err != nil {
		return err
	}
	item, err := field(cols.item)
	if err != nil {
		return err
	}
	if user == "" || item == "" {
		col := cols.names[cols.user]
		if user != "" {
			col = cols.names[cols.item]
		}
		return parseErr(b.d.Source, line, col, "empty id")
	}
	var t int64
	var r float32
	if cols.time >= 0 {
		s, err := field(cols.time)
		if err != nil {
			return err
		}
		if t, err = parseInt([]byte(s)); err != nil {
			return parseErr(b.d.Source, line, cols.names[cols.time], "not an integer: %q", s)
		}
	}
	if cols.rating >= 0 {
		s, err := field(cols.rating)
		if err != nil {
			return err
		}
		if r, err = parseRating([]byte(s)); err != nil {
			return parseErr(b.d.Source, line, cols.names[cols.rating], "%v: %q", err, s)
		}
	}
	b.add([]byte(user), []byte(item), t, r)
	return nil
}

// csvErr converts encoding/csv's errors; a *ParseError from the line cap
// passes through.
func csvErr(file string, err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe
	}
	var ce *csv.ParseError
	if errors.As(err, &ce) {
		return parseErr(file, ce.Line, "", "%v", ce.Err)
	}
	return err
}
