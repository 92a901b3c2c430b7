package dataset

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// sniffBytes is how much of the input format detection looks at.
const sniffBytes = 64 << 10

// Load reads the interaction file at path; see Read.
func Load(path string, opt LoadOptions) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	defer f.Close()
	return Read(f, path, opt)
}

// Read parses interactions from r. name is used for format detection and in
// errors. Malformed input gives a *ParseError with the line.
func Read(r io.Reader, name string, opt LoadOptions) (*Dataset, error) {
	cr := newCapReader(r, name, opt.maxLine())
	br := bufio.NewReaderSize(cr, sniffBytes)
	format := opt.Format
	if format == FormatAuto {
		format = detect(br, name)
	}
	b := newBuilder(name, opt)
	var err error
	switch format {
	case FormatCSV:
		err = readDelimited(br, ',', b)
	case FormatTSV:
		err = readDelimited(br, '\t', b)
	case FormatMovieLens:
		err = readMovieLens(br, b)
	case FormatSequences:
		err = readSequences(br, b)
	default:
		return nil, fmt.Errorf("dataset: %q: %w", format, ErrUnknownFormat)
	}
	b.d.Stats.Lines = cr.lines()
	if err != nil {
		return nil, err
	}
	return b.d, nil
}

// detect picks a format from the name, then from the first non-blank,
// non-comment line.
func detect(br *bufio.Reader, name string) Format {
	base := strings.ToLower(filepath.Base(filepath.ToSlash(name)))
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	switch {
	case base == "u.data", (ext == ".base" || ext == ".test") && len(stem) == 2 && stem[0] == 'u':
		return FormatMovieLens
	case ext == ".csv":
		return FormatCSV
	case ext == ".tsv":
		return FormatTSV
	}
	head, _ := br.Peek(sniffBytes)
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		if skippable(line) {
			continue
		}
		for _, d := range []struct {
			sep string
			f   Format
		}{{"\t", FormatTSV}, {",", FormatCSV}} {
			fields := strings.Split(strings.TrimRight(string(line), "\r"), d.sep)
			if len(fields) > 1 && headerColumns(fields).valid() {
				return d.f
			}
		}
		break
	}
	return FormatSequences
}

// builder accumulates rows into a Dataset.
type builder struct {
	d         *Dataset
	minRating float32
	pos       []int64 // sequences: next position of each user
}

func newBuilder(name string, opt LoadOptions) *builder {
	d := &Dataset{Users: opt.Users, Items: opt.Items, Source: name}
	if d.Users == nil {
		d.Users = NewIDMap()
	}
	if d.Items == nil {
		d.Items = NewIDMap()
	}
	return &builder{d: d, minRating: opt.MinRating}
}

// add appends one row unless its rating is below the minimum.
func (b *builder) add(user, item []byte, t int64, r float32) {
	if b.d.HasRating && b.minRating > 0 && r < b.minRating {
		b.d.Stats.skip(SkipBelowMinRating)
		return
	}
	u := b.d.Users.addBytes(user)
	i := b.d.Items.addBytes(item)
	b.d.Rows = append(b.d.Rows, Interaction{User: u, Item: i, Time: t, Rating: r})
	b.d.Stats.Rows++
}
