package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
)

// pipelineFlags are the flags that shape a pipeline spec, shared by build (stored) and recommend
// (per-request overrides).
type pipelineFlags struct {
	retrievers   string
	candidates   int
	keep         int
	fusion       string
	budgetRank   time.Duration
	budgetRerank time.Duration
	blend        float64
}

func (p *pipelineFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.retrievers, "retrievers", "", "comma-separated retrievers fused: embedding, popular, item2item (a kind may carry a weight, item2item:0.5)")
	fs.IntVar(&p.candidates, "candidates", 0, "candidates per retriever (default 500)")
	fs.IntVar(&p.keep, "keep", 0, "candidates the rank stage keeps for reranking (default 100)")
	fs.StringVar(&p.fusion, "fusion", "", "fusion of the retrievers: rrf (default, k=60) or weighted")
	fs.DurationVar(&p.budgetRank, "budget-rank", 0, "rank stage latency budget, e.g. 5ms (0: none)")
	fs.DurationVar(&p.budgetRerank, "budget-rerank", 0, "rerank stage latency budget, e.g. 2ms (0: none)")
	fs.Float64Var(&p.blend, "blend", 0, "rank by reciprocal-rank fusion of the ranker's order and the retrieval order, this weight on the retrieval (0: the ranker alone)")
}

// retrieverSpecs parses --retrievers ("embedding,item2item:0.5"); nil when empty.
func (p *pipelineFlags) retrieverSpecs() ([]runtime.RetrieverSpec, error) {
	if p.retrievers == "" {
		return nil, nil
	}
	var out []runtime.RetrieverSpec
	for _, part := range strings.Split(p.retrievers, ",") {
		kind, w, hasW := strings.Cut(strings.TrimSpace(part), ":")
		r := runtime.RetrieverSpec{Kind: kind, Candidates: p.candidates}
		if hasW {
			if _, err := fmt.Sscanf(w, "%g", &r.Weight); err != nil {
				return nil, usagef("--retrievers: weight %q of %s", w, kind)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// spec returns the pipeline spec the flags describe, on top of base.
func (p *pipelineFlags) spec(base runtime.PipelineSpec) (runtime.PipelineSpec, error) {
	rs, err := p.retrieverSpecs()
	if err != nil {
		return base, err
	}
	if rs != nil {
		base.Retrievers = rs
	}
	if p.candidates > 0 {
		if len(base.Retrievers) == 0 {
			base.Retrievers = []runtime.RetrieverSpec{{Kind: runtime.RetrieverEmbedding}}
		}
		for k := range base.Retrievers {
			base.Retrievers[k].Candidates = p.candidates
		}
	}
	if p.fusion != "" {
		base.Fusion = p.fusion
	}
	if p.keep > 0 {
		base.Rank.Keep = p.keep
	}
	if p.budgetRank > 0 {
		base.Rank.Budget = runtime.Duration(p.budgetRank)
	}
	if p.blend > 0 {
		base.Rank.Blend = p.blend
	}
	if p.budgetRerank > 0 {
		base.Rerank.Budget = runtime.Duration(p.budgetRerank)
	}
	if err := base.Validate(); err != nil {
		return base, usagef("%v", err)
	}
	return base, nil
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("build", "build --retriever A.crec [--ranker B.crec] [--rules rules.json] [--plugin name=P.wasm[,policy=skip,fuel=N]]... [--spec pipeline.json] [pipeline flags] --out full.crec", stderr)
	retriever := fs.String("retriever", "", "retrieval bundle: item embeddings, catalog, optionally an HNSW graph (required)")
	ranker := fs.String("ranker", "", "ranker bundle (pack train --model dcn|deepfm|lr): its rank.* sections are copied")
	rulesFile := fs.String("rules", "", `rules JSON: {"rules":[{"kind":"diversity","name":"div","config":{"max_per_group":2}}, ...]}`)
	specFile := fs.String("spec", "", "pipeline spec JSON (see modelpack/FORMAT.md); the flags below override it")
	out := fs.String("out", "", "bundle to write (required)")
	var plugins pluginFlags
	fs.Var(&plugins, "plugin", "a reranking plugin run after the rules: name=P.wasm[,policy=skip|fail][,fuel=N][,memory-pages=N] (repeatable; section plugin.NAME)")
	var pf pipelineFlags
	pf.register(fs)
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *retriever == "" || *out == "" {
		return usagef("--retriever and --out are required")
	}
	spec, err := buildSpec(*specFile, &pf)
	if err != nil {
		return err
	}
	src, err := modelpack.Open(*retriever, modelpack.Options{})
	if err != nil {
		return err
	}
	defer src.Close()
	b := modelpack.NewBuilder(src.Manifest())
	for _, s := range src.Sections() {
		if s.Name == modelpack.SectionPipelineSpec || s.Name == modelpack.SectionRulesSpec {
			continue // replaced below
		}
		if err := b.CopySection(src, s.Name); err != nil {
			return err
		}
	}
	if *ranker != "" {
		if src.Has(modelpack.SectionRankSpec) {
			return fmt.Errorf("%s already holds a ranker (section %s)", *retriever, modelpack.SectionRankSpec)
		}
		if err := addRanker(b, src, *ranker, stderr); err != nil {
			return err
		}
	}
	var rulesRaw []byte
	if *rulesFile != "" {
		if rulesRaw, err = os.ReadFile(*rulesFile); err != nil {
			return err
		}
		if err := checkRules(rulesRaw); err != nil {
			return fmt.Errorf("%s: %w", *rulesFile, err)
		}
	}
	if rulesRaw, err = addPlugins(ctx, b, rulesRaw, plugins); err != nil {
		return err
	}
	if rulesRaw != nil {
		if err := b.AddBytes(modelpack.SectionRulesSpec, rulesRaw); err != nil {
			return err
		}
	}
	raw, err := json.Marshal(spec)
	if err != nil {
		return err
	}
	if err := b.AddBytes(modelpack.SectionPipelineSpec, raw); err != nil {
		return err
	}
	if err := writeBundle(b, *out); err != nil {
		return err
	}
	// Open what was written, as a server would, so a bad combination fails here rather than in production.
	eng, closeEng, err := openEngine(ctx, *out, runtime.Options{})
	if err != nil {
		os.Remove(*out)
		return fmt.Errorf("the assembled bundle does not open (not kept): %w", err)
	}
	defer closeEng()
	fmt.Fprintf(stderr, "wrote %s: %d items, retrieval %s, ranker %v, rules %v\npipeline %s\n", *out, eng.NumItems(),
		eng.Index(), eng.HasRanker(), eng.HasRules(), raw)
	return nil
}

// buildSpec reads the --spec file (if any) and applies the flags.
func buildSpec(path string, pf *pipelineFlags) (runtime.PipelineSpec, error) {
	base := runtime.PipelineSpec{Format: 1}
	if path != "" {
		raw, err := os.ReadFile(path)
		if err != nil {
			return base, err
		}
		s, err := runtime.ParsePipelineSpec(raw)
		if err != nil {
			return base, fmt.Errorf("%s: %w", path, err)
		}
		base = *s
	}
	return pf.spec(base)
}

// addRanker copies the rank.* sections of the ranker bundle into b after checking that its items are the
// retriever's: at least one item in common, and a report of the items each side lacks.
func addRanker(b *modelpack.Builder, retr *modelpack.Bundle, path string, stderr io.Writer) error {
	rb, err := modelpack.Open(path, modelpack.Options{})
	if err != nil {
		return err
	}
	defer rb.Close()
	r, err := runtime.NewRanker(rb, runtime.RankerOptions{})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	cat, err := retr.Catalog()
	if err != nil {
		return err
	}
	known := 0
	for i := range cat.NumItems() {
		if _, ok := r.ItemIndex(cat.ItemID(int32(i))); ok {
			known++
		}
	}
	if known == 0 {
		return fmt.Errorf("catalogs disagree: none of the retriever's %d items is among the ranker's %d items (ids must be the same original ids)",
			cat.NumItems(), r.NumItems())
	}
	if known < cat.NumItems() {
		fmt.Fprintf(stderr, "warning: %d of the retriever's %d items are unknown to the ranker (scored with the unknown code)\n",
			cat.NumItems()-known, cat.NumItems())
	}
	if extra := r.NumItems() - known; extra > 0 {
		fmt.Fprintf(stderr, "note: the ranker knows %d items the retriever cannot return\n", extra)
	}
	for _, s := range rb.Sections() {
		if strings.HasPrefix(s.Name, "rank.") {
			if err := b.CopySection(rb, s.Name); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeBundle writes b to path.
func writeBundle(b *modelpack.Builder, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := b.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
