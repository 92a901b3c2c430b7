package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/corerec/corerec/dataset"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train"
	"github.com/corerec/corerec/train/content"
)

// contentFlags are the flags of `pack content`.
type contentFlags struct {
	items, text, attrs string
	cfg                content.Config
	out, similarRecs   string
	k                  int
}

func (c *contentFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.text, "text", "", "comma-separated free-text columns of --items (default: title, name, description, text)")
	fs.StringVar(&c.attrs, "attrs", "", "comma-separated attribute columns of --items, values separated by '|' (default: category, genre, genres, tags, tag, brand)")
	fs.BoolVar(&c.cfg.StopWords, "stop-words", false, "drop common English words from text")
	fs.IntVar(&c.cfg.MinDF, "min-df", 1, "drop terms found in fewer items than this")
	fs.Float64Var(&c.cfg.MaxDF, "max-df", 1, "drop terms found in more than this fraction of the items")
	fs.StringVar(&c.out, "out", "", "bundle to write (required)")
	fs.StringVar(&c.similarRecs, "similar-recs", "", "also write item-to-item recommendations to this file: for each user, the --k items most similar to the user's last stored item, the user's stored items left out")
	fs.IntVar(&c.k, "k", 10, "items per user for --similar-recs")
}

func runContent(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("content", "content --items ITEMS [--data FILE] --out BUNDLE [flags]", stderr)
	var d dataFlags
	var c contentFlags
	d.register(fs)
	c.register(fs)
	fs.Lookup("items").Usage = "item content (required): CSV/TSV with a header naming an item column and text/attribute columns (see --text, --attrs), or MovieLens u.item"
	fs.Lookup("data").Usage = "optional interaction file (as for train): the bundle then stores each user's items (profiles, exclude-seen) and item popularity; without it the catalog is the --items file's items"
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if c.out == "" || d.items == "" {
		return usagef("--items and --out are required")
	}
	if c.k < 1 || c.k > runtime.MaxK {
		return usagef("--k must be in 1..%d", runtime.MaxK)
	}
	start := time.Now()
	docs, err := content.LoadItems(d.items, content.ReadOptions{Text: splitList(c.text), Attrs: splitList(c.attrs)})
	if err != nil {
		return err
	}
	corpus, x, err := c.corpus(&d, docs, stderr)
	if err != nil {
		return err
	}
	m, err := content.Fit(corpus, c.cfg)
	if err != nil {
		return err
	}
	x.Manifest.Training.Seconds = time.Since(start).Seconds()
	x.Manifest.Training.Params = c.cfg.Params()
	b, err := m.Builder(x)
	if err != nil {
		return err
	}
	if err := b.WriteFile(c.out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (tfidf: %d items, %d terms, %d non-zeros, %.1fs)\n", c.out, m.NumItems(), len(m.Vocab), m.Items.NNZ(), time.Since(start).Seconds())
	if c.similarRecs != "" {
		return writeSimilarRecs(ctx, c.out, c.similarRecs, c.k, stderr)
	}
	return nil
}

// corpus aligns the item documents with the interaction data's items (when --data is given) and
// returns what the bundle stores besides the vectors.
func (c *contentFlags) corpus(d *dataFlags, docs map[string]content.Doc, log io.Writer) (content.Corpus, content.Export, error) {
	man := modelpack.Manifest{Name: filepath.Base(d.items), CreatedAt: time.Now().UTC(),
		Training: modelpack.Training{Source: d.items, Items: len(docs)}}
	if d.path == "" {
		ids := slices.Sorted(maps.Keys(docs))
		corpus, _ := content.Align(ids, docs)
		return corpus, content.Export{Manifest: man}, nil
	}
	items := d.items
	d.items = "" // the content file is not an attribute file
	p, err := d.load(log)
	d.items = items
	if err != nil {
		return content.Corpus{}, content.Export{}, err
	}
	corpus, missing := content.Align(p.ds.Items.IDs(), docs)
	fmt.Fprintf(log, "content: %d of %d items have no row in %s\n", missing, len(corpus.IDs), d.items)
	man.Name = filepath.Base(d.path)
	man.Training = modelpack.Training{Source: d.path + " + " + d.items, Users: p.ds.Users.Len(),
		Items: p.ds.Items.Len(), Interactions: len(p.ds.Rows)}
	x := content.Export{Manifest: man, UserIDs: p.ds.Users.IDs(), Seen: p.seen,
		Popularity: train.Popularity(p.train, p.ds.Items.Len())}
	return corpus, x, nil
}

// writeSimilarRecs writes, for every user of the bundle, the k items most similar to the user's last
// stored item, leaving out all the user's stored items (item-to-item recommendation).
func writeSimilarRecs(ctx context.Context, bundle, out string, k int, log io.Writer) error {
	eng, err := runtime.Open(bundle, runtime.Options{})
	if err != nil {
		return err
	}
	defer eng.Close()
	seen, err := eng.Bundle().CSR(modelpack.SectionUserSeen)
	if err != nil {
		return fmt.Errorf("--similar-recs needs --data (the bundle's seen items): %w", err)
	}
	cat := eng.Catalog()
	var lists []dataset.List
	for u := range cat.NumUsers() {
		row := seen.Row(u)
		l := dataset.List{User: cat.UserID(int32(u)), Items: []string{}}
		if len(row) > 0 {
			res, err := eng.Similar(ctx, cat.ItemID(row[len(row)-1]), min(k+len(row), runtime.MaxK))
			if err != nil {
				return err
			}
			for _, it := range res.Items {
				if len(l.Items) < k && !slices.Contains(row, it.Index) {
					l.Items = append(l.Items, it.ID)
				}
			}
		}
		lists = append(lists, l)
	}
	return writeListsFile(out, lists, log)
}

func writeListsFile(path string, lists []dataset.List, log io.Writer) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if err := dataset.WriteLists(bw, lists); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	fmt.Fprintf(log, "wrote %d users to %s\n", len(lists), path)
	return f.Close()
}

// splitList splits a comma-separated flag value, dropping empty entries.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
