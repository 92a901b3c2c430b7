// Command annip measures the HNSW index on a bundle's unnormalised inner-product vectors (issue 7):
// the item norm distribution, then tie-aware recall@K of the graph search against the exact top K
// for the bundle's own user vectors as queries, with single-thread QPS, at several ef.
//
//	go run ./bench/annip -bundle /work/runs/lg/lightgcn.crec                  # rebuild the graph
//	go run ./bench/annip -bundle B -graph bundle                             # the bundle's own graph
//	go run ./bench/annip -bundle B -out B2                                   # also write B with the rebuilt graph
//	go run ./bench/annip -bundle B -exclude-seen=false                       # no denied items
//
// Recall is tie-aware: a result counts when its exact score (float64) reaches the K-th best exact
// score among the rows the query may return (by default not the user's training items,
// users.seen, as pack recommend --exclude-seen). QPS is from the searching goroutine's thread
// CPU time (median of -passes passes). The build is timed in wall clock and process CPU time.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/internal/cputime"
	"github.com/corerec/corerec/modelpack"
)

type options struct {
	bundle, graph, out, efs string
	nq, k, m, efc, passes   int
	workers                 int
	seed                    uint64
	excludeSeen             bool
}

func main() {
	var o options
	flag.StringVar(&o.bundle, "bundle", "", "bundle with items.emb and users.emb (required)")
	flag.StringVar(&o.graph, "graph", "build", "build: build a graph from the item vectors; bundle: load the bundle's items.hnsw")
	flag.StringVar(&o.out, "out", "", "write the bundle with the rebuilt graph here (with -graph build)")
	flag.StringVar(&o.efs, "ef", "20,32,64,128,256,512", "comma-separated ef values")
	flag.IntVar(&o.nq, "queries", 2000, "user vectors drawn as queries (0: all)")
	flag.IntVar(&o.k, "k", 20, "results per query")
	flag.IntVar(&o.m, "M", 16, "HNSW M")
	flag.IntVar(&o.efc, "efc", 200, "HNSW efConstruction")
	flag.IntVar(&o.passes, "passes", 3, "timed passes over the queries (median reported)")
	flag.IntVar(&o.workers, "build-threads", 0, "goroutines that build (0: GOMAXPROCS)")
	flag.Uint64Var(&o.seed, "seed", 1, "build and query-sampling seed")
	flag.BoolVar(&o.excludeSeen, "exclude-seen", true, "deny each user's training items (users.seen), as pack recommend --exclude-seen")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "annip:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if o.bundle == "" {
		return fmt.Errorf("give -bundle")
	}
	efs, err := parseInts(o.efs)
	if err != nil {
		return err
	}
	b, err := modelpack.Open(o.bundle, modelpack.Options{})
	if err != nil {
		return err
	}
	defer b.Close()
	items, dim, err := matrix(b, modelpack.SectionItemEmbeddings)
	if err != nil {
		return err
	}
	users, _, err := matrix(b, modelpack.SectionUserEmbeddings)
	if err != nil {
		return err
	}
	metric, err := annMetric(b.Manifest().Metric)
	if err != nil {
		return err
	}
	emit(normStats("items", items, dim))
	emit(normStats("users", users, dim))
	vecs := ann.F32Vectors(items, dim)
	g, err := graph(o, b, vecs, metric)
	if err != nil {
		return err
	}
	queries := sample(users, dim, o.nq, o.seed)
	if o.excludeSeen {
		if err := denySeen(b, queries, vecs.N); err != nil {
			return err
		}
	}
	kth := truth(items, queries, dim, o.k)
	for _, ef := range efs {
		r, qps, err := measure(g, items, queries, kth, o, ef)
		if err != nil {
			return err
		}
		emit(map[string]any{"graph": o.graph, "ef": ef, "k": o.k, "queries": len(kth), "exclude_seen": o.excludeSeen,
			fmt.Sprintf("recall%d", o.k): round(r, 4), "qps": math.Round(qps)})
	}
	if o.out != "" && o.graph == "build" {
		return write(b, g, o.out)
	}
	return nil
}

// matrix decodes matrix name to f32 rows.
func matrix(b *modelpack.Bundle, name string) ([]float32, int, error) {
	m, err := b.Matrix(name)
	if err != nil {
		return nil, 0, err
	}
	out := make([]float32, 0, m.Rows*m.Cols)
	row := make([]float32, m.Cols)
	for i := range m.Rows {
		out = append(out, m.Row(i, row)...)
	}
	return out, m.Cols, nil
}

func annMetric(s string) (ann.Metric, error) {
	switch s {
	case modelpack.MetricCosine:
		return ann.Cosine, nil
	case modelpack.MetricL2:
		return ann.L2, nil
	case modelpack.MetricDot, "":
		return ann.InnerProduct, nil
	}
	return 0, fmt.Errorf("metric %q", s)
}

func graph(o options, b *modelpack.Bundle, vecs ann.Vectors, metric ann.Metric) (*ann.HNSW, error) {
	if o.graph == "bundle" {
		data, _, err := b.Raw(modelpack.SectionItemGraph)
		if err != nil {
			return nil, err
		}
		return ann.LoadGraph(vecs, metric, data)
	}
	wall, cpu := time.Now(), cputime.Process()
	g, err := ann.Build(context.Background(), vecs, metric,
		ann.Config{M: o.m, EfConstruction: o.efc, Seed: o.seed, Workers: o.workers})
	if err != nil {
		return nil, err
	}
	emit(map[string]any{"graph": "build", "M": o.m, "efc": o.efc, "n": vecs.N,
		"build_wall_s": round(time.Since(wall).Seconds(), 2), "build_cpu_s": round((cputime.Process() - cpu).Seconds(), 2)})
	return g, nil
}

// query is a user vector with the rows it may not return (nil: none).
type query struct {
	user int
	vec  []float32
	deny []uint64
}

func (q *query) denied(i int) bool { return q.deny != nil && q.deny[i/64]>>(i%64)&1 == 1 }

// denySeen sets every query's deny bitset to its user's training items.
func denySeen(b *modelpack.Bundle, queries []query, n int) error {
	seen, err := b.CSR(modelpack.SectionUserSeen)
	if err != nil {
		return err
	}
	for i := range queries {
		q := &queries[i]
		q.deny = make([]uint64, (n+63)/64)
		for _, it := range seen.Row(q.user) {
			q.deny[it/64] |= 1 << (it % 64)
		}
	}
	return nil
}

// sample draws n rows of users (all when n is 0 or too large) as queries.
func sample(users []float32, dim, n int, seed uint64) []query {
	nu := len(users) / dim
	idx := make([]int, nu)
	for i := range idx {
		idx[i] = i
	}
	if n > 0 && n < nu {
		rand.New(rand.NewPCG(seed, 7)).Shuffle(nu, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		idx = idx[:n]
		slices.Sort(idx)
	}
	q := make([]query, len(idx))
	for i, u := range idx {
		q[i] = query{user: u, vec: users[u*dim : (u+1)*dim]}
	}
	return q
}

// truth returns the k-th best exact inner product of every query among the rows it may return.
func truth(items []float32, queries []query, dim, k int) []float64 {
	n := len(items) / dim
	kth := make([]float64, len(queries))
	scores := make([]float64, 0, n)
	for qi, q := range queries {
		scores = scores[:0]
		for i := range n {
			if !q.denied(i) {
				scores = append(scores, ann.InnerProduct.ScoreF32(q.vec, items[i*dim:(i+1)*dim]))
			}
		}
		slices.Sort(scores)
		kth[qi] = scores[len(scores)-min(k, len(scores))]
	}
	return kth
}

func measure(g *ann.HNSW, items []float32, queries []query, kth []float64, o options, ef int) (float64, float64, error) {
	dim := g.Vectors().Dim
	var hits int
	res := make([]ann.Scored, 0, o.k)
	for qi, q := range queries {
		var err error
		opt := ann.SearchOptions{K: o.k, Ef: ef, Filter: ann.Filter{Deny: q.deny}}
		if res, err = g.AppendSearch(res[:0], q.vec, opt); err != nil {
			return 0, 0, err
		}
		for _, r := range res {
			if q.denied(int(r.Index)) {
				continue
			}
			if ann.InnerProduct.ScoreF32(q.vec, items[int(r.Index)*dim:int(r.Index+1)*dim]) >= kth[qi]-1e-6 {
				hits++
			}
		}
	}
	times := make([]time.Duration, o.passes)
	unlock := cputime.Lock()
	for p := range times {
		start := cputime.Thread()
		for _, q := range queries {
			opt := ann.SearchOptions{K: o.k, Ef: ef, Filter: ann.Filter{Deny: q.deny}}
			res, _ = g.AppendSearch(res[:0], q.vec, opt)
		}
		times[p] = cputime.Thread() - start
	}
	unlock()
	slices.Sort(times)
	qps := float64(len(queries)) / times[len(times)/2].Seconds()
	return float64(hits) / float64(len(queries)*o.k), qps, nil
}

// write copies b to path with its items.hnsw section replaced by g.
func write(b *modelpack.Bundle, g *ann.HNSW, path string) error {
	nb := modelpack.NewBuilder(b.Manifest())
	for _, s := range b.Sections() {
		if s.Name == modelpack.SectionItemGraph {
			continue
		}
		if err := nb.CopySection(b, s.Name); err != nil {
			return err
		}
	}
	if err := nb.AddBytes(modelpack.SectionItemGraph, g.MarshalGraph()); err != nil {
		return err
	}
	return nb.WriteFile(path)
}

// normStats summarises the row norms of data.
func normStats(name string, data []float32, dim int) map[string]any {
	n := len(data) / dim
	norms := make([]float64, n)
	for i := range n {
		var s float64
		for _, x := range data[i*dim : (i+1)*dim] {
			s += float64(x) * float64(x)
		}
		norms[i] = math.Sqrt(s)
	}
	mean := make([]float64, dim)
	for i := range n {
		for j, x := range data[i*dim : (i+1)*dim] {
			mean[j] += float64(x) / float64(n)
		}
	}
	var mm, cos float64
	for _, v := range mean {
		mm += v * v
	}
	mm = math.Sqrt(mm)
	for i := range n {
		var d float64
		for j, x := range data[i*dim : (i+1)*dim] {
			d += float64(x) * mean[j]
		}
		cos += d / (mm * norms[i]) / float64(n)
	}
	slices.Sort(norms)
	q := func(p float64) float64 { return round(norms[min(int(p*float64(n)), n-1)], 4) }
	return map[string]any{"norms": name, "n": n, "dim": dim, "mean_norm": round(mm, 4), "mean_cos_to_mean": round(cos, 4), "min": q(0), "p01": q(0.01), "p10": q(0.1),
		"p50": q(0.5), "p90": q(0.9), "p99": q(0.99), "max": q(1)}
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("bad number %q", f)
		}
		out = append(out, v)
	}
	return out, nil
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

func emit(v any) {
	b, _ := json.Marshal(v)
	fmt.Println(string(b))
}
