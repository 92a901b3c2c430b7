package runtime

import "github.com/corerec/corerec/internal/kernel"

// RankUser is the user side of a ranking request. Fields the request does not give come from the bundle's
// stored features of the user named by ID; a field neither given nor stored (an unknown user) takes the
// reserved unknown code (categorical), no value (multi-hot) or its mean (dense: a normalised 0).
type RankUser struct {
	ID    string              // the user key's value
	Cat   map[string][]string // categorical (one value) and multi-hot user fields, overriding the stored ones
	Dense map[string]float32  // dense user fields (raw, before Shift/Scale), overriding the stored ones
}

// encodeUser writes the user's part of x0 (r.du columns) into xu and returns the first-order sum of the
// user's fields (DeepFM, LR).
func (r *Ranker) encodeUser(u *RankUser, xu []float32) float32 {
	row := -1
	if i, ok := r.userVocab.Index(u.ID); ok {
		row = i
	}
	var lin float32
	for i := range r.fields {
		f := &r.fields[i]
		if f.Side != SideUser {
			continue
		}
		switch f.Kind {
		case FieldCategorical:
			code := r.userCode(f, u, row)
			if f.emb != nil {
				copy(xu[f.col:f.col+r.k], f.emb[int(code)*r.k:int(code+1)*r.k])
			}
			if f.lin != nil {
				lin += f.lin[code]
			}
		case FieldMultiHot:
			lin += r.userBag(f, u, row, xu)
		case FieldDense:
			v, ok := u.Dense[f.Name]
			switch {
			case ok:
			case row >= 0:
				v = f.vals[row]
			default:
				v = f.Shift
			}
			x := (v - f.Shift) * f.Scale
			xu[f.col] = x
			if r.linDense != nil {
				lin += r.linDense[f.dense] * x
			}
		}
	}
	return lin
}

// userCode resolves a categorical user field: the request's value, else the stored one, else 0.
func (r *Ranker) userCode(f *rankField, u *RankUser, row int) int32 {
	if vals, ok := u.Cat[f.Name]; ok && len(vals) > 0 {
		if i, ok := f.vocab.Index(vals[0]); ok {
			return int32(i + 1)
		}
		return 0
	}
	switch {
	case row < 0:
		return 0
	case f.key:
		return int32(row + 1)
	}
	return f.codes[row]
}

// userBag writes the mean embedding of a multi-hot user field into xu and returns its first-order sum.
func (r *Ranker) userBag(f *rankField, u *RankUser, row int, xu []float32) float32 {
	var dst []float32
	if f.emb != nil {
		dst = xu[f.col : f.col+r.k]
		clear(dst)
	}
	var lin float32
	n := 0
	add := func(code int32) {
		if dst != nil {
			kernel.Axpy(1, f.emb[int(code)*r.k:int(code+1)*r.k], dst)
		}
		if f.lin != nil {
			lin += f.lin[code]
		}
		n++
	}
	if vals, ok := u.Cat[f.Name]; ok {
		for _, v := range vals {
			if i, ok := f.vocab.Index(v); ok {
				add(int32(i + 1))
			}
		}
	} else if row >= 0 {
		for _, c := range f.bags.Row(row) {
			add(c)
		}
	}
	if n > 1 {
		s := 1 / float32(n)
		if dst != nil {
			kernel.Scale(s, dst)
		}
		lin *= s
	}
	return lin
}

// encodeItems writes the item part of x0 for items (ranker item rows; −1 = unknown) into rows of x (row
// stride ld, starting at column r.du) and their first-order sums into lin.
func (r *Ranker) encodeItems(items []int32, x []float32, ld int, lin []float32) {
	k := r.k
	for n, it := range items {
		row := x[n*ld : (n+1)*ld]
		var l float32
		for i := range r.fields {
			f := &r.fields[i]
			if f.Side != SideItem {
				continue
			}
			switch f.Kind {
			case FieldCategorical:
				var code int32
				switch {
				case it < 0:
				case f.key:
					code = it + 1
				default:
					code = f.codes[it]
				}
				if f.emb != nil {
					copy(row[f.col:f.col+k], f.emb[int(code)*k:int(code+1)*k])
				}
				if f.lin != nil {
					l += f.lin[code]
				}
			case FieldMultiHot:
				l += r.itemBag(f, it, row)
			case FieldDense:
				x := float32(0)
				if it >= 0 {
					x = (f.vals[it] - f.Shift) * f.Scale
				}
				row[f.col] = x
				if r.linDense != nil {
					l += r.linDense[f.dense] * x
				}
			}
		}
		lin[n] = l
	}
}

func (r *Ranker) itemBag(f *rankField, it int32, row []float32) float32 {
	var codes []int32
	if it >= 0 {
		codes = f.bags.Row(int(it))
	}
	var dst []float32
	if f.emb != nil {
		dst = row[f.col : f.col+r.k]
		clear(dst)
	}
	var lin float32
	for _, c := range codes {
		if dst != nil {
			kernel.Axpy(1, f.emb[int(c)*r.k:int(c+1)*r.k], dst)
		}
		if f.lin != nil {
			lin += f.lin[c]
		}
	}
	if len(codes) > 1 {
		s := 1 / float32(len(codes))
		if dst != nil {
			kernel.Scale(s, dst)
		}
		lin *= s
	}
	return lin
}
