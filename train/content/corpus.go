package content

import "fmt"

// Doc is one item's content.
type Doc struct {
	// Text holds free-text fields (title, description); each is tokenized.
	Text []string
	// Attrs holds attribute tokens, one per value, as made by AttributeToken ("genre=comedy").
	Attrs []string
}

// Corpus is the content of a catalog: Docs[i] describes the item IDs[i]. An item without content has an
// empty Doc.
type Corpus struct {
	IDs  []string
	Docs []Doc
}

func (c Corpus) check() error {
	if len(c.IDs) != len(c.Docs) {
		return fmt.Errorf("%w: %d ids and %d documents", ErrInput, len(c.IDs), len(c.Docs))
	}
	seen := make(map[string]struct{}, len(c.IDs))
	for _, id := range c.IDs {
		if _, dup := seen[id]; dup {
			return fmt.Errorf("%w: item %q appears twice", ErrInput, id)
		}
		seen[id] = struct{}{}
	}
	return nil
}

// Align returns a corpus over ids (in that order): the document of each id found in docs, an empty one
// otherwise. It reports how many ids had no document.
func Align(ids []string, docs map[string]Doc) (Corpus, int) {
	c := Corpus{IDs: ids, Docs: make([]Doc, len(ids))}
	missing := 0
	for i, id := range ids {
		d, ok := docs[id]
		if !ok {
			missing++
		}
		c.Docs[i] = d
	}
	return c, missing
}

// terms appends the tokens of d to dst.
func (d Doc) terms(stop bool, dst []string) []string {
	for _, s := range d.Text {
		dst = Tokenize(s, stop, dst)
	}
	for _, a := range d.Attrs {
		if a != "" {
			dst = append(dst, a)
		}
	}
	return dst
}
