package wire

import (
	"context"
	"math"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// Recommend answers r from eng, with each item's category and explanation.
func Recommend(ctx context.Context, eng *runtime.Engine, r Request) (Response, error) {
	req, err := r.runtimeRequest(eng)
	if err != nil {
		return Response{}, err
	}
	res, err := eng.Recommend(ctx, req)
	if err != nil {
		return Response{}, err
	}
	out := convert(eng, res)
	if len(res.Ignored) > 0 && len(r.Categories) > 0 {
		out.Ignored = withoutSentinel(out.Ignored)
	}
	explain(eng, out.Items, r.History)
	return out, nil
}

// Similar returns the k items closest to item.
func Similar(ctx context.Context, eng *runtime.Engine, item string, k int) (Response, error) {
	res, err := eng.Similar(ctx, item, k)
	if err != nil {
		return Response{}, err
	}
	return convert(eng, res), nil
}

func convert(eng *runtime.Engine, res runtime.Result) Response {
	cat := eng.Catalog()
	out := Response{Items: make([]Item, len(res.Items)), Fallback: res.Fallback, Ignored: res.Ignored,
		Stages: res.Stages, Trace: res.Trace}
	for j, it := range res.Items {
		out.Items[j] = Item{ID: it.ID, Index: it.Index, Score: it.Score, Category: cat.ItemCategory(it.Index)}
	}
	return out
}

func withoutSentinel(ids []string) []string {
	out := ids[:0]
	for _, id := range ids {
		if id != "\x00no-such-item" {
			out = append(out, id)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// explain sets each item's Because to the known history item whose embedding has the highest cosine with
// the item's (the earliest on ties). It does nothing without a known history item. The history's
// normalised vectors share one buffer, and Because reuses the request's own id strings.
func explain(eng *runtime.Engine, items []Item, history []string) {
	m, err := eng.Bundle().Matrix(modelpack.SectionItemEmbeddings)
	if err != nil || len(items) == 0 || len(history) == 0 {
		return
	}
	cat, d := eng.Catalog(), m.Cols
	vecs := make([]float32, (len(history)+1)*d) // the known history rows, then one item row
	var ids []string
	for _, id := range history {
		if i, ok := cat.ItemIndex(id); ok {
			normalized(m.Row(int(i), vecs[len(ids)*d:(len(ids)+1)*d]))
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return
	}
	hv, row := vecs[:len(ids)*d], vecs[len(history)*d:]
	for j := range items {
		m.Row(int(items[j].Index), row)
		best, bestSim := -1, float32(math.Inf(-1))
		for h := range ids {
			if s := dot(hv[h*d:(h+1)*d], row); s > bestSim {
				best, bestSim = h, s
			}
		}
		if best >= 0 {
			items[j].Because = ids[best]
		}
	}
}

func normalized(v []float32) []float32 {
	if n := dot(v, v); n > 0 {
		inv := float32(1 / math.Sqrt(float64(n)))
		for i := range v {
			v[i] *= inv
		}
	}
	return v
}

func dot(a, b []float32) float32 {
	var s float32
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
