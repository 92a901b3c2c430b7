package main

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/train/rank"
)

// writeSplit writes one split as TSV with a header: label, then one column per field in spec
// order: a code (categorical), codes joined by '|' (multi-hot, "" for none) or the normalised
// value (dense) — exactly the trainer's inputs.
func writeSplit(path string, d *rank.Data, e *rank.Examples) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	names := []string{"label"}
	for _, fl := range d.Fields {
		names = append(names, fl.Name)
	}
	fmt.Fprintln(w, strings.Join(names, "\t"))
	var in rank.Inputs
	idx := make([]int32, e.Len())
	for i := range idx {
		idx[i] = int32(i)
	}
	d.Gather(e, idx, &in)
	nd := rank.NumDense(d.Fields)
	cols := make([]string, 0, len(names))
	for i := range e.Len() {
		cols = append(cols[:0], strconv.Itoa(int(e.Label[i])))
		di := 0
		for fi, fl := range d.Fields {
			switch fl.Kind {
			case runtime.FieldCategorical:
				cols = append(cols, strconv.Itoa(int(in.Codes[fi][i])))
			case runtime.FieldMultiHot:
				var parts []string
				for _, c := range in.BagIDs[fi][in.BagOff[fi][i]:in.BagOff[fi][i+1]] {
					parts = append(parts, strconv.Itoa(int(c)))
				}
				cols = append(cols, strings.Join(parts, "|"))
			case runtime.FieldDense:
				cols = append(cols, strconv.FormatFloat(float64(in.Dense[i*nd+di]), 'g', -1, 32))
				di++
			}
		}
		fmt.Fprintln(w, strings.Join(cols, "\t"))
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeWeights writes every parameter of m as DIR/NAME.f32 (raw little-endian) and an index
// DIR/weights.json of name → [rows, cols], plus the spec as DIR/spec.json.
func writeWeights(dir string, m *rank.Model) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	index := map[string][2]int{}
	for _, p := range m.Params.All() {
		buf := make([]byte, 4*len(p.Data))
		for i, v := range p.Data {
			binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
		}
		if err := os.WriteFile(filepath.Join(dir, p.Name+".f32"), buf, 0o644); err != nil {
			return err
		}
		index[p.Name] = [2]int{p.Rows, p.Cols}
	}
	if err := writeJSON(filepath.Join(dir, "weights.json"), index); err != nil {
		return err
	}
	return writeJSON(filepath.Join(dir, "spec.json"), m.Spec)
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
