package rules

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/corerec/corerec/internal/cputime"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// benchSetup is a 10,000-item catalog read back from a bundle (20 categories, 3 of 50 tags per item,
// creation times over 90 days), 64-d embeddings, and 1,000 candidates sorted by score.
type benchSetup struct {
	cat   *modelpack.Catalog
	emb   func(int32, []float32) []float32
	cands []runtime.Candidate
}

func newBenchSetup(b *testing.B) *benchSetup {
	const items, dim, n = 10000, 64, 1000
	rng := rand.New(rand.NewPCG(11, 12))
	c := &modelpack.Catalog{}
	for i := range items {
		c.ItemIDs = append(c.ItemIDs, fmt.Sprintf("item%d", i))
		c.Category = append(c.Category, fmt.Sprintf("cat%d", rng.IntN(20)))
		c.CreatedAt = append(c.CreatedAt, now.Add(-time.Duration(rng.Int64N(int64(90*day)))).Unix())
		c.Tags = append(c.Tags, []string{fmt.Sprintf("t%d", rng.IntN(50)), fmt.Sprintf("g:%d", rng.IntN(8)),
			fmt.Sprintf("t%d", 50+rng.IntN(50))})
	}
	bld := modelpack.NewBuilder(modelpack.Manifest{Kind: "bench"})
	if err := bld.AddCatalog(c); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := bld.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	bd, err := modelpack.OpenBytes(buf.Bytes(), modelpack.Options{})
	if err != nil {
		b.Fatal(err)
	}
	cat, err := bd.Catalog()
	if err != nil {
		b.Fatal(err)
	}
	vecs := make([]float32, items*dim)
	for k := range vecs {
		vecs[k] = float32(rng.NormFloat64())
	}
	s := &benchSetup{cat: cat, emb: func(i int32, dst []float32) []float32 {
		return append(dst, vecs[int(i)*dim:int(i+1)*dim]...)
	}}
	for _, i := range rng.Perm(items)[:n] {
		s.cands = append(s.cands, runtime.Candidate{Index: int32(i), Score: rng.Float32()})
	}
	sortByScore(s.cands)
	return s
}

// benchRules returns each rule of the benchmark and the full chain.
func benchRules() []Rule {
	block := NewBlocklist(BlocklistConfig{Block: Match{Items: []string{"item1", "item2", "item3"}, Categories: []string{"cat7"}}})
	filter := must(NewFilter(FilterConfig{CategoryNotIn: []string{"cat3"}, MaxAge: Duration(60 * day)}))
	boost := must(NewBoost(BoostConfig{Match: Match{Categories: []string{"cat1", "cat2"}}, Add: 0.2}))
	fresh := must(NewFreshness(FreshnessConfig{Weight: 0.3, HalfLife: Duration(7 * day)}))
	div := must(NewDiversity(DiversityConfig{MaxPerGroup: 2}))
	divTag := must(NewDiversity(DiversityConfig{MaxPerGroup: 2, By: GroupBy{Attribute: "tag", TagPrefix: "g:"}}))
	mmr := must(NewMMR(MMRConfig{Lambda: 0.7}))
	fair := must(NewFairness(FairnessConfig{Proportional: true, Minimum: map[string]int{"cat5": 2}}))
	pin := must(NewPin(PinConfig{Pins: []PinEntry{{"item42", 0}, {"item4242", 3}}}))
	chain := NewChain(block, filter, boost, fresh, div, mmr, fair, pin)
	divTag.name = "diversity-tag"
	return []Rule{block, filter, boost, fresh, div, divTag, mmr, fair, pin, chain}
}

func BenchmarkRules(b *testing.B) {
	s := newBenchSetup(b)
	in := &runtime.RerankInput{K: 10, Now: now, Catalog: s.cat, Embedding: s.emb}
	for _, r := range benchRules() {
		b.Run(fmt.Sprintf("rule=%s/n=%d/k=10", r.Name(), len(s.cands)), func(b *testing.B) {
			benchRerank(b, r, in, s.cands, nil)
		})
	}
	b.Run(fmt.Sprintf("rule=chain+trace/n=%d/k=10", len(s.cands)), func(b *testing.B) {
		rs := benchRules()
		benchRerank(b, rs[len(rs)-1], in, s.cands, &Trace{})
	})
}

func benchRerank(b *testing.B, r Rule, in *runtime.RerankInput, cands []runtime.Candidate, tr *Trace) {
	ctx := context.Background()
	buf := make([]runtime.Candidate, len(cands))
	b.ReportAllocs()
	cpu0 := int64(cputime.CPU())
	for b.Loop() {
		copy(buf, cands)
		if tr != nil {
			tr.Moves = tr.Moves[:0]
			if _, err := r.(*Chain).RerankTrace(ctx, in, buf, tr); err != nil {
				b.Fatal(err)
			}
			continue
		}
		if _, err := r.Rerank(ctx, in, buf); err != nil {
			b.Fatal(err)
		}
	}
	if cpu := int64(cputime.CPU()) - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
	}
}
