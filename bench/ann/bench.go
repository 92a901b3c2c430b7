package main

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/internal/cputime"
)

// bench holds one dataset and the graph built over its f32 rows.
type bench struct {
	ctx      context.Context
	d        *dataset
	o        options
	metric   ann.Metric
	f32      ann.Vectors
	graph    *ann.HNSW
	buildCPU float64
}

func newBench(ctx context.Context, d *dataset, o options) (*bench, error) {
	b := &bench{ctx: ctx, d: d, o: o, f32: ann.F32Vectors(d.base, d.dim)}
	switch d.metric {
	case "ip":
		b.metric = ann.InnerProduct
	case "l2":
		b.metric = ann.L2
	default:
		return nil, fmt.Errorf("%s: unknown metric %q", d.name, d.metric)
	}
	var err error
	if b.graph, b.buildCPU, err = b.build(b.f32); err != nil {
		return nil, err
	}
	return b, nil
}

// build builds a graph over vecs and returns it with the process CPU seconds it took.
func (b *bench) build(vecs ann.Vectors) (*ann.HNSW, float64, error) {
	o := b.o
	t0 := cputime.Process()
	g, err := ann.Build(b.ctx, vecs, b.metric, ann.Config{M: o.m, EfConstruction: o.efc, Seed: o.seed, Workers: o.workers})
	return g, (cputime.Process() - t0).Seconds(), err
}

// variant is one storage to measure: the searched rows and, for rescoring, the fine copy.
type variant struct {
	name      string
	vecs      ann.Vectors
	fine      *ann.Vectors
	fineBytes int
}

func (b *bench) variant(name string) (variant, error) {
	base, fine, _ := cutString(name, "+")
	v := variant{name: name}
	switch base {
	case "f32":
		v.vecs = b.f32
	case "f16":
		v.vecs = ann.EncodeF16(b.d.base, b.d.dim)
	case "int8":
		v.vecs = ann.QuantizeInt8(b.d.base, b.d.dim, false)
	case "int8pd":
		v.vecs = ann.QuantizeInt8(b.d.base, b.d.dim, true)
	default:
		return v, fmt.Errorf("unknown storage %q", name)
	}
	switch fine {
	case "":
	case "f32":
		v.fine = &b.f32
	case "f16":
		f := ann.EncodeF16(b.d.base, b.d.dim)
		v.fine = &f
	default:
		return v, fmt.Errorf("unknown rescoring storage %q", name)
	}
	if v.fine != nil {
		v.fineBytes = v.fine.Bytes()
	}
	return v, nil
}

func (b *bench) sweep(efs []int, storages []string) error {
	if b.o.exact {
		if err := b.exactLine(); err != nil {
			return err
		}
	}
	for _, name := range storages {
		v, err := b.variant(name)
		if err != nil {
			return err
		}
		g, buildCPU := b.graph, b.buildCPU
		impl := implName()
		if b.o.buildOwn && v.vecs.Storage != ann.F32 {
			if g, buildCPU, err = b.build(v.vecs); err != nil {
				return err
			}
			impl = implName() + "-built-on-" + v.vecs.Storage.String()
		}
		graph := g.MarshalGraph()
		idx, loadS, err := timeLoad(v.vecs, b.metric, graph)
		if err != nil {
			return err
		}
		bytes := float64(len(graph)+v.vecs.Bytes()+v.fineBytes) / float64(b.d.n())
		for _, ef := range efs {
			opt := ann.SearchOptions{K: 10, Ef: ef, Fine: v.fine}
			rec, qps := b.measure(idx, func(int) ann.SearchOptions { return opt }, nil)
			emit(line{Impl: impl, Dataset: b.d.name, Storage: name, M: b.o.m, Efc: b.o.efc, Ef: ef,
				Recall10: round(rec, 4), QPS: math.Round(qps), BuildCPU: round(buildCPU, 3),
				BytesPerVec: round(bytes, 1), LoadS: round(loadS, 6), Threads: 1})
		}
	}
	return nil
}

func (b *bench) exactLine() error {
	e, err := ann.NewExact(b.f32, b.metric)
	if err != nil {
		return err
	}
	rec, qps := b.measure(e, func(int) ann.SearchOptions { return ann.SearchOptions{K: 10} }, nil)
	emit(line{Impl: implName() + "-exact", Dataset: b.d.name, Storage: "f32", M: 0, Efc: 0, Ef: 0,
		Recall10: round(rec, 4), QPS: math.Round(qps), BytesPerVec: float64(4 * b.d.dim), Threads: 1})
	return nil
}

// timeLoad loads the serialised graph three times and returns the index and the median CPU time
// (of the loading thread) of a load.
func timeLoad(vecs ann.Vectors, metric ann.Metric, graph []byte) (*ann.HNSW, float64, error) {
	unlock := cputime.Lock()
	defer unlock()
	var times []float64
	var idx *ann.HNSW
	for range 3 {
		t0 := cputime.Thread()
		h, err := ann.LoadGraph(vecs, metric, graph)
		if err != nil {
			return nil, 0, err
		}
		times = append(times, (cputime.Thread() - t0).Seconds())
		idx = h
	}
	slices.Sort(times)
	return idx, times[1], nil
}

type index interface {
	AppendSearch(dst []ann.Scored, q []float32, opt ann.SearchOptions) ([]ann.Scored, error)
}

// measure runs every query o.passes times on one locked thread and returns the mean recall@10
// (against kth(q), the 10th true distance, by default from the gtd file) and the median QPS.
func (b *bench) measure(idx index, opts func(q int) ann.SearchOptions, kth func(q int) float64) (float64, float64) {
	unlock := cputime.Lock()
	defer unlock()
	d := b.d
	nq := d.nq()
	results := make([][]ann.Scored, nq)
	for q := range nq {
		results[q] = make([]ann.Scored, 0, 16)
	}
	var times []float64
	for range max(b.o.passes, 1) {
		t0 := cputime.Thread()
		for q := range nq {
			results[q], _ = idx.AppendSearch(results[q][:0], d.query[q*d.dim:(q+1)*d.dim], opts(q))
		}
		times = append(times, (cputime.Thread() - t0).Seconds())
	}
	slices.Sort(times)
	hits := 0
	ids := make([]int32, 0, 10)
	for q := range nq {
		ids = ids[:0]
		for _, r := range results[q] {
			ids = append(ids, r.Index)
		}
		k := float64(d.gtd[q][9])
		if kth != nil {
			k = kth(q)
		}
		hits += recallAt10(d, d.query[q*d.dim:(q+1)*d.dim], ids, k)
	}
	return float64(hits) / float64(10*nq), float64(nq) / times[len(times)/2]
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

func cutString(s, sep string) (string, string, bool) {
	for i := 0; i+len(sep) <= len(s); i++ {
		if s[i:i+len(sep)] == sep {
			return s[:i], s[i+len(sep):], true
		}
	}
	return s, "", false
}
