package rank

import "github.com/corerec/corerec/runtime"

// Inputs is one batch's encoded fields, in spec order: codes for a categorical field, ids and
// offsets (a bag per example) for a multi-hot field, normalised values for a dense field
// (gathered into one n×(dense fields) matrix).
type Inputs struct {
	N      int
	Codes  [][]int32 // per field; nil unless categorical
	BagIDs [][]int32 // per field; nil unless multi-hot
	BagOff [][]int32
	Dense  []float32 // n×NumDense, row-major
}

// NumDense is the number of dense fields of fields.
func NumDense(fields []runtime.RankField) int {
	n := 0
	for _, f := range fields {
		if f.Kind == runtime.FieldDense {
			n++
		}
	}
	return n
}

// Gather fills in (reusing its slices) with the inputs of examples idx of e.
func (d *Data) Gather(e *Examples, idx []int32, in *Inputs) {
	n := len(idx)
	nf := len(d.Fields)
	in.N = n
	in.Codes = resize(in.Codes, nf)
	in.BagIDs = resize(in.BagIDs, nf)
	in.BagOff = resize(in.BagOff, nf)
	nd := NumDense(d.Fields)
	in.Dense = growF(in.Dense, n*nd)
	di := 0
	for fi, f := range d.Fields {
		rows := e.User
		if f.Side == runtime.SideItem {
			rows = e.Item
		}
		t := d.table(f.Side)
		switch f.Kind {
		case runtime.FieldCategorical:
			c := growI(in.Codes[fi], n)
			for k, i := range idx {
				c[k] = t.Cat[f.Name][rows[i]]
			}
			in.Codes[fi] = c
		case runtime.FieldMultiHot:
			ids, off := in.BagIDs[fi][:0], append(in.BagOff[fi][:0], 0)
			for _, i := range idx {
				ids = append(ids, t.Multi[f.Name][rows[i]]...)
				off = append(off, int32(len(ids)))
			}
			in.BagIDs[fi], in.BagOff[fi] = ids, off
		case runtime.FieldDense:
			v := t.Dense[f.Name]
			for k, i := range idx {
				in.Dense[k*nd+di] = (v[rows[i]] - f.Shift) * f.Scale
			}
			di++
		}
	}
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func growI(s []int32, n int) []int32 {
	if cap(s) < n {
		return make([]int32, n)
	}
	return s[:n]
}

func growF(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}
