package dataset

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
)

// List is one user's items with original ids: a recommendation list (best
// first) or a history (oldest first).
type List struct {
	User  string
	Items []string
}

// ReadLists parses "user<TAB>item,item,..." lines; blank lines and '#'
// comments are skipped, an empty item list ("user<TAB>") is allowed. Lines
// are capped at DefaultMaxLineBytes. name is used in errors.
func ReadLists(r io.Reader, name string) ([]List, error) {
	lr := &lineReader{br: bufio.NewReader(newCapReader(r, name, DefaultMaxLineBytes))}
	var lists []List
	for {
		line, err := lr.next()
		if err == io.EOF {
			return lists, nil
		}
		if err != nil {
			return nil, err
		}
		if skippable(line) {
			continue
		}
		user, items, ok := bytes.Cut(line, []byte{'\t'})
		if !ok {
			return nil, parseErr(name, lr.line, "", "want user<TAB>item,item,...")
		}
		l := List{User: strings.TrimSpace(string(user))}
		if l.User == "" {
			return nil, parseErr(name, lr.line, "user", "empty id")
		}
		if items = bytes.TrimSpace(items); len(items) > 0 {
			for it := range bytes.SplitSeq(items, []byte{','}) {
				id := strings.TrimSpace(string(it))
				if id == "" {
					return nil, parseErr(name, lr.line, "items", "empty id")
				}
				l.Items = append(l.Items, id)
			}
		}
		lists = append(lists, l)
	}
}

// WriteLists writes lists in the format ReadLists reads. Ids must be
// non-empty and free of tabs, commas, newlines and surrounding spaces, and
// a user id must not start with '#'.
func WriteLists(w io.Writer, lists []List) error {
	bw := bufio.NewWriter(w)
	for _, l := range lists {
		if err := checkListID(l.User, true); err != nil {
			return err
		}
		bw.WriteString(l.User)
		bw.WriteByte('\t')
		for i, it := range l.Items {
			if err := checkListID(it, false); err != nil {
				return err
			}
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString(it)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// checkListID rejects ids that would not read back unchanged.
func checkListID(id string, user bool) error {
	if id == "" || strings.ContainsAny(id, "\t,\r\n") || strings.TrimSpace(id) != id || (user && id[0] == '#') {
		return fmt.Errorf("dataset: list id %q cannot be written", id)
	}
	return nil
}
