package runtime

import (
	"strconv"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/modelpack"
)

// loadFields reads vocabularies and stored features and checks every stored code against its vocabulary.
func (r *Ranker) loadFields(b *modelpack.Bundle) error {
	s := r.spec
	r.fields = make([]rankField, len(s.Fields))
	dense := 0
	for i, f := range s.Fields {
		rf := &r.fields[i]
		rf.RankField = f
		rf.key = f.Name == s.UserKey || f.Name == s.ItemKey
		if f.Embedded() {
			v, err := b.Strings(modelpack.PrefixRankVocab + f.Name)
			if err != nil {
				return bundleError(err)
			}
			if v.Len() != f.Vocab-1 {
				return fmtlite.Errorf("%w: field %q: %d vocabulary values for a table of %d rows", ErrBundle, f.Name, v.Len(), f.Vocab)
			}
			rf.vocab = v
		} else {
			rf.dense = dense
			dense++
		}
	}
	r.userVocab = r.fields[s.fieldIndex(s.UserKey)].vocab
	r.itemVocab = r.fields[s.fieldIndex(s.ItemKey)].vocab
	r.nUsers, r.nItems = r.userVocab.Len(), r.itemVocab.Len()
	for i := range r.fields {
		if err := r.loadStored(b, &r.fields[i]); err != nil {
			return err
		}
	}
	return nil
}

// loadStored reads the stored per-user or per-item values of one field.
func (r *Ranker) loadStored(b *modelpack.Bundle, f *rankField) error {
	if f.key {
		return nil
	}
	name, n := modelpack.PrefixRankUser+f.Name, r.nUsers
	if f.Side == SideItem {
		name, n = modelpack.PrefixRankItem+f.Name, r.nItems
	}
	bad := func(format string, a ...any) error { return fieldError(f.Name, format, a) }
	var err error
	switch f.Kind {
	case FieldCategorical:
		if f.codes, _, err = b.Int32(name); err != nil {
			return bundleError(err)
		}
		if len(f.codes) != n {
			return bad("%d stored codes for %d entities", len(f.codes), n)
		}
		for _, c := range f.codes {
			if c < 0 || int(c) >= f.Vocab {
				return bad("stored code %d outside [0, %d)", c, f.Vocab)
			}
		}
	case FieldMultiHot:
		c, err := b.CSR(name)
		if err != nil {
			return bundleError(err)
		}
		if c.Rows != n || c.Cols > f.Vocab {
			return bad("stored bags %d×%d for %d entities and %d codes", c.Rows, c.Cols, n, f.Vocab)
		}
		f.bags = &c
	case FieldDense:
		if f.vals, _, err = b.F32(name); err != nil {
			return bundleError(err)
		}
		if len(f.vals) != n {
			return bad("%d stored values for %d entities", len(f.vals), n)
		}
	}
	return nil
}

// fieldError is the error of a field's stored values (not inlined: cold, with several call sites).
//
//go:noinline
func fieldError(name, format string, a []any) error {
	return fmtlite.Errorf("%w: field %q: %s", ErrBundle, name, fmtlite.Sprintf(format, a...))
}

// weight returns the view of weight name, checking its shape.
func weight(b *modelpack.Bundle, name string, rows, cols int) ([]float32, error) {
	v, shape, err := b.F32(modelpack.PrefixRankWeight + name)
	if err != nil {
		return nil, bundleError(err)
	}
	if len(shape) != 2 || shape[0] != rows || shape[1] != cols || len(v) != rows*cols {
		return nil, fmtlite.Errorf("%w: weight %q has shape %v, want [%d %d]", ErrBundle, name, shape, rows, cols)
	}
	return v, nil
}

// loadWeights reads every weight and permutes the ones that touch x0's columns into the Ranker's layout.
func (r *Ranker) loadWeights(b *modelpack.Bundle) error {
	s := r.spec
	perm := r.layout()
	var err error
	for i := range r.fields {
		f := &r.fields[i]
		if !f.Embedded() {
			continue
		}
		if s.Model != RankLR {
			if f.emb, err = weight(b, "emb."+f.Name, f.Vocab, r.k); err != nil {
				return err
			}
		}
		if s.Model != RankDCN {
			if f.lin, err = weight(b, "lin."+f.Name, f.Vocab, 1); err != nil {
				return err
			}
		}
	}
	if nd := r.d - r.k*s.NumEmbedded(); s.Model != RankDCN && nd > 0 {
		if r.linDense, err = weight(b, "lin.dense", 1, nd); err != nil {
			return err
		}
	}
	if err := r.loadCross(b, perm); err != nil {
		return err
	}
	if err := r.loadDeep(b, perm); err != nil {
		return err
	}
	return r.loadOut(b, perm)
}

// loadCross reads the cross layers' weights, each permuted into the Ranker's column order.
func (r *Ranker) loadCross(b *modelpack.Bundle, perm []int) error {
	if r.spec.Model != RankDCN {
		return nil
	}
	c, d := r.spec.Cross, r.d
	e := c.experts()
	var uPerm []int // U stacks the experts' d×r blocks: each block's rows follow x0's permutation
	for k := range e {
		for _, p := range perm {
			uPerm = append(uPerm, k*d+p)
		}
	}
	var err error
	for l := range c.Layers {
		name := "cross." + strconv.Itoa(l) + "."
		var cw crossWeights
		if c.Rank == 0 {
			cw.w = permuted(b, &err, name+"w", d, d, perm, perm)
			cw.b = permuted(b, &err, name+"b", 1, d, nil, perm)
		} else {
			cw.v = permuted(b, &err, name+"v", e*c.Rank, d, nil, perm)
			cw.u = permuted(b, &err, name+"u", e*d, c.Rank, uPerm, nil)
			cw.b = permuted(b, &err, name+"b", e, d, nil, perm)
			if e > 1 {
				cw.g = permuted(b, &err, name+"g", e, d, nil, perm)
			}
		}
		r.cross = append(r.cross, cw)
	}
	return err
}

// permuted is permute of weight name (rows×cols) unless *err is already set; it sets *err on failure.
// Not inlined: a load-time helper with many call sites.
//
//go:noinline
func permuted(b *modelpack.Bundle, err *error, name string, rows, cols int, rowPerm, colPerm []int) []float32 {
	if *err != nil {
		return nil
	}
	w, e := weight(b, name, rows, cols)
	if e != nil {
		*err = e
		return nil
	}
	return permute(w, rows, cols, rowPerm, colPerm)
}

// loadDeep reads the deep layers' weights (the first layer's columns permuted into the Ranker's order).
func (r *Ranker) loadDeep(b *modelpack.Bundle, perm []int) error {
	if r.spec.Model == RankLR {
		return nil
	}
	in := r.d
	for l, h := range r.spec.Deep {
		name := "deep." + strconv.Itoa(l) + "."
		w, err := weight(b, name+"w", h, in)
		if err != nil {
			return err
		}
		bias, err := weight(b, name+"b", 1, h)
		if err != nil {
			return err
		}
		if l == 0 {
			w = permute(w, h, in, nil, perm)
		}
		r.deep = append(r.deep, denseWeights{w: w, b: bias, in: in, out: h})
		in = h
	}
	return nil
}

func (r *Ranker) loadOut(b *modelpack.Bundle, perm []int) error {
	s := r.spec
	width, permCols := 0, 0 // out.w width; how many of its first columns are x0-shaped
	deep := 0
	if len(s.Deep) > 0 {
		deep = s.Deep[len(s.Deep)-1]
	}
	switch s.Model {
	case RankDCN:
		switch {
		case len(s.Deep) == 0:
			width, permCols = r.d, r.d
		case s.Stacked || s.Cross.Layers == 0:
			width = deep
		default:
			width, permCols = r.d+deep, r.d
		}
	case RankDeepFM:
		width = deep
	}
	if width > 0 {
		w, err := weight(b, "out.w", 1, width)
		if err != nil {
			return err
		}
		r.outW = append([]float32(nil), w...)
		if permCols > 0 {
			copy(r.outW, permute(w[:permCols], 1, permCols, nil, perm))
		}
	}
	bias, err := weight(b, "out.b", 1, 1)
	if err != nil {
		return err
	}
	r.outB = bias[0]
	return nil
}

// permute returns a copy of the rows×cols matrix m with rows and columns reordered: out[i][j] =
// m[rowPerm[i]][colPerm[j]] (a nil permutation keeps that axis). Not inlined: it runs at load time only,
// and its eight call sites would each carry a copy.
//
//go:noinline
func permute(m []float32, rows, cols int, rowPerm, colPerm []int) []float32 {
	out := make([]float32, rows*cols)
	for i := range rows {
		src := i
		if rowPerm != nil {
			src = rowPerm[i]
		}
		row := m[src*cols : (src+1)*cols]
		for j := range cols {
			c := j
			if colPerm != nil {
				c = colPerm[j]
			}
			out[i*cols+j] = row[c]
		}
	}
	return out
}
