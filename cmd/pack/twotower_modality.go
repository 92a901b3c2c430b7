package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/corerec/corerec/importer"
	"github.com/corerec/corerec/train/twotower"
)

// modalitySource is one item modality file: a .npy matrix (items × dim, float32 or float64) whose row r
// belongs to line r of the id list. In a JSON config: {"name": "text", "npy": "text.npy", "ids": "ids.txt"}.
type modalitySource struct {
	Name string `json:"name"`
	NPY  string `json:"npy"`
	IDs  string `json:"ids"`
}

// modalityFlag collects repeated --modality NAME=FILE.npy,ids=IDS.txt flags.
type modalityFlag struct{ list *[]modalitySource }

func (f modalityFlag) String() string {
	if f.list == nil {
		return ""
	}
	var s []string
	for _, m := range *f.list {
		s = append(s, m.Name+"="+m.NPY+",ids="+m.IDs)
	}
	return strings.Join(s, " ")
}

func (f modalityFlag) Set(v string) error {
	src, err := parseModality(v)
	if err != nil {
		return err
	}
	*f.list = append(*f.list, src)
	return nil
}

// parseModality parses NAME=FILE.npy,ids=IDS.txt.
func parseModality(v string) (modalitySource, error) {
	var src modalitySource
	for k, part := range strings.Split(v, ",") {
		key, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		switch {
		case !ok || val == "":
			return src, fmt.Errorf("%q: want NAME=FILE.npy,ids=IDS.txt", v)
		case k == 0:
			src.Name, src.NPY = key, val
		case key == "ids":
			src.IDs = val
		default:
			return src, fmt.Errorf("%q: unknown key %q (want NAME=FILE.npy,ids=IDS.txt)", v, key)
		}
	}
	if src.IDs == "" {
		return src, fmt.Errorf("%q: ids=IDS.txt is required (line r names row r)", v)
	}
	return src, nil
}

// ttFileConfig is the Two-Tower JSON config file: twotower.Config's keys plus the item modality files.
type ttFileConfig struct {
	twotower.Config
	Modalities     []modalitySource `json:"modalities"`
	ItemAttributes string           `json:"item_attributes"`
}

// decodeTTConfig reads a Two-Tower JSON config, refusing unknown keys.
func decodeTTConfig(path string) (ttFileConfig, error) {
	var c ttFileConfig
	raw, err := os.ReadFile(path)
	if err != nil {
		return c, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	for _, m := range c.Modalities {
		if m.Name == "" || m.NPY == "" || m.IDs == "" {
			return c, fmt.Errorf("config %s: a modality needs name, npy and ids", path)
		}
	}
	return c, nil
}

// itemModalities is what the modality and attribute files give: the inputs of the data's items, and the
// items the files name that the interactions do not (packed as new items, from their modalities alone).
type itemModalities struct {
	mods     []twotower.Modality
	attrs    *twotower.Attributes
	newIDs   []string
	newItems []twotower.ItemInput
	newIndex map[string]int
}

func (im *itemModalities) newItem(id string) *twotower.ItemInput {
	k, ok := im.newIndex[id]
	if !ok {
		k = len(im.newIDs)
		im.newIndex[id] = k
		im.newIDs = append(im.newIDs, id)
		im.newItems = append(im.newItems, twotower.ItemInput{Modalities: map[string][]float32{}})
	}
	return &im.newItems[k]
}

// loadItemModalities reads the modality files and the attribute file for the data's items.
func loadItemModalities(srcs []modalitySource, attrPath string, p *prepared, log io.Writer) (*itemModalities, error) {
	im := &itemModalities{newIndex: map[string]int{}}
	for _, src := range srcs {
		if err := im.loadModality(src, p, log); err != nil {
			return nil, err
		}
	}
	if attrPath != "" {
		if err := im.loadAttributes(attrPath, p, log); err != nil {
			return nil, err
		}
	}
	return im, nil
}

func (im *itemModalities) loadModality(src modalitySource, p *prepared, log io.Writer) error {
	arr, err := importer.LoadNPY(src.NPY)
	if err != nil {
		return err
	}
	rows, dim, err := arr.Matrix()
	if err != nil {
		return fmt.Errorf("modality %s: %s: %w", src.Name, src.NPY, err)
	}
	ids, err := importer.LoadIDs(src.IDs)
	if err != nil {
		return err
	}
	if len(ids) != rows {
		return fmt.Errorf("modality %s: %s has %d rows, %s %d ids", src.Name, src.NPY, rows, src.IDs, len(ids))
	}
	n := p.ds.Items.Len()
	md := twotower.Modality{Name: src.Name, Dim: dim, Data: make([]float32, n*dim), Present: make([]bool, n)}
	fresh := 0
	for r, id := range ids {
		row := arr.Data[r*dim : (r+1)*dim]
		i, ok := p.ds.Items.Index(id)
		if !ok {
			im.newItem(id).Modalities[src.Name] = row
			fresh++
			continue
		}
		copy(md.Data[int(i)*dim:], row)
		md.Present[i] = true
	}
	fmt.Fprintf(log, "modality %s: %s: %d rows of dim %d; %d items without a row (masked), %d rows for new items\n",
		src.Name, src.NPY, rows, dim, n-(rows-fresh), fresh)
	im.mods = append(im.mods, md)
	return nil
}

// loadAttributes reads a JSON object mapping item ids to lists of attributes (numbers or strings), as
// Amazon's item2attributes.json. The vocabulary is the attributes of the data's items.
func (im *itemModalities) loadAttributes(path string, p *prepared, log io.Writer) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var m map[string][]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return fmt.Errorf("item attributes %s: want {\"item\": [attribute, ...]}: %w", path, err)
	}
	n := p.ds.Items.Len()
	names := make([][]string, n)
	vocab := map[string]bool{}
	fresh := 0
	for _, id := range slices.Sorted(maps.Keys(m)) {
		vals := m[id]
		list, err := attributeNames(vals)
		if err != nil {
			return fmt.Errorf("item attributes %s: item %q: %w", path, id, err)
		}
		i, ok := p.ds.Items.Index(id)
		if !ok {
			im.newItem(id).Attributes = list
			fresh++
			continue
		}
		names[i] = list
		for _, a := range list {
			vocab[a] = true
		}
	}
	a := &twotower.Attributes{Items: make([][]int32, n)}
	for name := range vocab {
		a.Names = append(a.Names, name)
	}
	slices.Sort(a.Names)
	index := make(map[string]int32, len(a.Names))
	for k, name := range a.Names {
		index[name] = int32(k)
	}
	missing := 0
	for i, list := range names {
		for _, name := range list {
			a.Items[i] = append(a.Items[i], index[name])
		}
		if len(a.Items[i]) == 0 {
			missing++
		}
	}
	if len(a.Names) == 0 {
		return fmt.Errorf("item attributes %s: no attribute for any item of the data", path)
	}
	fmt.Fprintf(log, "item attributes: %s: %d names; %d items without any (masked), %d new items\n", path, len(a.Names), missing, fresh)
	im.attrs = a
	return nil
}

// attributeNames reads a list of numbers or strings as names.
func attributeNames(vals []json.RawMessage) ([]string, error) {
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			out = append(out, s)
			continue
		}
		var num json.Number
		if err := json.Unmarshal(v, &num); err != nil {
			return nil, fmt.Errorf("attribute %s is neither a number nor a string", v)
		}
		out = append(out, num.String())
	}
	return out, nil
}
