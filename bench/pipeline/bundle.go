package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// Config sizes the synthetic funnel bundle.
type Config struct {
	Items, Users, Dim int // catalog and embedding size
	Categories        int // item categories (the diversity rule's groups)
	Clusters          int // centres the item and user vectors are drawn around
	Seed              uint64
}

// Epoch is the creation time of item 0; item i was created i minutes later.
var Epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Rules are the reranking rules of the benchmark: a blocklist of 100 items and one category, a pin, a
// promo boost, freshness and diversity.
const Rules = `{"rules":[
 {"kind":"blocklist","config":{"block":{"categories":["cat19"],"items":[%s]}}},
 {"kind":"pin","config":{"pins":[{"item":"item42","position":2}]}},
 {"kind":"boost","name":"promo","config":{"match":{"tags":["promo"]},"add":0.5}},
 {"kind":"freshness","config":{"weight":1,"half_life":"720h"}},
 {"kind":"diversity","config":{"max_per_group":2}}
]}`

// RankSpec is the DCN-v2 of the benchmark: the MovieLens click model's shape (embedding 16, three full-rank
// cross layers, deep 128-64, parallel) over user id, gender, age, item id, category and year.
func RankSpec(c Config) runtime.RankSpec {
	return runtime.RankSpec{Format: 1, Model: runtime.RankDCN, UserKey: "user", ItemKey: "item", EmbedDim: 16,
		Fields: []runtime.RankField{
			{Name: "user", Kind: runtime.FieldCategorical, Side: runtime.SideUser, Vocab: c.Users + 1},
			{Name: "gender", Kind: runtime.FieldCategorical, Side: runtime.SideUser, Vocab: 3},
			{Name: "item", Kind: runtime.FieldCategorical, Side: runtime.SideItem, Vocab: c.Items + 1},
			{Name: "category", Kind: runtime.FieldCategorical, Side: runtime.SideItem, Vocab: c.Categories + 1},
			{Name: "age", Kind: runtime.FieldDense, Side: runtime.SideUser, Shift: 30, Scale: 0.1},
			{Name: "year", Kind: runtime.FieldDense, Side: runtime.SideItem, Shift: 2000, Scale: 0.1},
		},
		Cross: runtime.CrossSpec{Layers: 3}, Deep: []int{128, 64}}
}

// Build writes the funnel bundle for c with the given pipeline spec (JSON) and returns its bytes.
func Build(ctx context.Context, c Config, pipeline string) ([]byte, error) {
	rng := rand.New(rand.NewPCG(c.Seed, 5))
	b := modelpack.NewBuilder(modelpack.Manifest{Kind: modelpack.KindMF, Name: "funnel-bench", Dim: c.Dim, Metric: modelpack.MetricDot})
	items, users := clustered(rng, c, c.Items), clustered(rng, c, c.Users)
	if err := b.AddCatalog(catalog(c)); err != nil {
		return nil, err
	}
	for _, m := range []struct {
		name string
		v    []float32
		rows int
	}{{modelpack.SectionItemEmbeddings, items, c.Items}, {modelpack.SectionUserEmbeddings, users, c.Users}} {
		if err := b.AddMatrix(m.name, modelpack.Matrix{Rows: m.rows, Cols: c.Dim, Quant: modelpack.QuantF32, F32: m.v}); err != nil {
			return nil, err
		}
	}
	g, err := ann.Build(ctx, ann.F32Vectors(items, c.Dim), ann.InnerProduct, ann.Config{Seed: 1})
	if err != nil {
		return nil, err
	}
	if err := b.AddBytes(modelpack.SectionItemGraph, g.MarshalGraph()); err != nil {
		return nil, err
	}
	if err := addRanker(b, rng, c); err != nil {
		return nil, err
	}
	blocked := ""
	for i := range 100 {
		if i > 0 {
			blocked += ","
		}
		blocked += fmt.Sprintf("%q", itemID(i*997%c.Items))
	}
	if err := b.AddBytes(modelpack.SectionRulesSpec, fmt.Appendf(nil, Rules, blocked)); err != nil {
		return nil, err
	}
	if err := b.AddBytes(modelpack.SectionPipelineSpec, []byte(pipeline)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := b.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func itemID(i int) string { return fmt.Sprintf("item%d", i) }

// UserID is the id of user u.
func UserID(u int) string { return fmt.Sprintf("user%d", u) }

func clustered(rng *rand.Rand, c Config, n int) []float32 {
	centres := make([]float32, c.Clusters*c.Dim)
	r := rand.New(rand.NewPCG(c.Seed, 99)) // the same centres for items and users
	for i := range centres {
		centres[i] = float32(r.NormFloat64())
	}
	v := make([]float32, n*c.Dim)
	for i := range n {
		k := rng.IntN(c.Clusters)
		for j := range c.Dim {
			v[i*c.Dim+j] = centres[k*c.Dim+j] + 0.5*float32(rng.NormFloat64())
		}
	}
	return v
}

func catalog(c Config) *modelpack.Catalog {
	cat := &modelpack.Catalog{}
	for i := range c.Items {
		cat.ItemIDs = append(cat.ItemIDs, itemID(i))
		cat.Category = append(cat.Category, fmt.Sprintf("cat%d", i%c.Categories))
		cat.CreatedAt = append(cat.CreatedAt, Epoch.Add(time.Duration(i)*time.Minute).Unix())
		var tags []string
		if i%50 == 0 {
			tags = []string{"promo"}
		}
		cat.Tags = append(cat.Tags, tags)
	}
	for u := range c.Users {
		cat.UserIDs = append(cat.UserIDs, UserID(u))
	}
	return cat
}

// addRanker writes a DCN-v2 with random weights and its vocabularies and stored features.
func addRanker(b *modelpack.Builder, rng *rand.Rand, c Config) error {
	s := RankSpec(c)
	raw, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if err := b.AddBytes(modelpack.SectionRankSpec, raw); err != nil {
		return err
	}
	vocab := func(prefix string, n int) []string {
		v := make([]string, n)
		for i := range v {
			v[i] = fmt.Sprintf("%s%d", prefix, i)
		}
		return v
	}
	codes := func(n, vocab int) []int32 {
		v := make([]int32, n)
		for i := range v {
			v[i] = int32(1 + rng.IntN(vocab-1))
		}
		return v
	}
	dense := func(n int, mean, sd float64) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(mean + sd*rng.NormFloat64())
		}
		return v
	}
	steps := []func() error{
		func() error { return b.AddStrings(modelpack.PrefixRankVocab+"user", vocab("user", c.Users)) },
		func() error { return b.AddStrings(modelpack.PrefixRankVocab+"gender", []string{"F", "M"}) },
		func() error { return b.AddStrings(modelpack.PrefixRankVocab+"item", vocab("item", c.Items)) },
		func() error { return b.AddStrings(modelpack.PrefixRankVocab+"category", vocab("cat", c.Categories)) },
		func() error { return b.AddInt32(modelpack.PrefixRankUser+"gender", []int{c.Users}, codes(c.Users, 3)) },
		func() error { return b.AddF32(modelpack.PrefixRankUser+"age", []int{c.Users}, dense(c.Users, 30, 10)) },
		func() error {
			return b.AddInt32(modelpack.PrefixRankItem+"category", []int{c.Items}, codes(c.Items, c.Categories+1))
		},
		func() error {
			return b.AddF32(modelpack.PrefixRankItem+"year", []int{c.Items}, dense(c.Items, 2000, 10))
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	for name, shape := range dcnShapes(&s) {
		w := make([]float32, shape[0]*shape[1])
		for i := range w {
			w[i] = float32(rng.NormFloat64() * 0.1)
		}
		if err := b.AddF32(modelpack.PrefixRankWeight+name, shape, w); err != nil {
			return err
		}
	}
	return nil
}

// dcnShapes lists a parallel full-rank DCN-v2's weights (the trainer's names, see train/rank).
func dcnShapes(s *runtime.RankSpec) map[string][]int {
	k, d := s.EmbedDim, s.InputDim()
	w := map[string][]int{"out.b": {1, 1}}
	for _, f := range s.Fields {
		if f.Embedded() {
			w["emb."+f.Name] = []int{f.Vocab, k}
		}
	}
	for l := range s.Cross.Layers {
		w[fmt.Sprintf("cross.%d.w", l)], w[fmt.Sprintf("cross.%d.b", l)] = []int{d, d}, []int{1, d}
	}
	in := d
	for l, h := range s.Deep {
		w[fmt.Sprintf("deep.%d.w", l)], w[fmt.Sprintf("deep.%d.b", l)] = []int{h, in}, []int{1, h}
		in = h
	}
	w["out.w"] = []int{1, d + in}
	return w
}
