package server

import (
	"math"
	"net/http"
)

// Bounds of a request's pipeline options, besides Limits.MaxList for every list.
const (
	maxRetrievers    = 8
	maxCandidates    = 10000 // runtime.MaxK: per retriever, and kept by the rank stage
	maxBudgetMs      = 10_000
	maxAttributeKeys = 256
	maxNameBytes     = 256 // a rule, field, category or tag name
)

func validateFilter(f *Filter, lim Limits) *apiError {
	if f == nil {
		return nil
	}
	for _, l := range []struct {
		name string
		v    []string
	}{{"category_in", f.CategoryIn}, {"category_not_in", f.CategoryNotIn}, {"with_tags", f.WithTags}, {"without_tags", f.WithoutTags}} {
		if e := checkList("filter."+l.name, l.v, lim); e != nil {
			return e
		}
	}
	if !f.CreatedAfter.IsZero() && !f.CreatedBefore.IsZero() && !f.CreatedAfter.Before(f.CreatedBefore) {
		return errorf(http.StatusBadRequest, CodeBadRequest, "filter: created_after (%s) is not before created_before (%s): no item can match",
			f.CreatedAfter.Format("2006-01-02T15:04:05Z07:00"), f.CreatedBefore.Format("2006-01-02T15:04:05Z07:00"))
	}
	return nil
}

func checkList(name string, v []string, lim Limits) *apiError {
	if len(v) > lim.MaxList {
		return errorf(http.StatusBadRequest, CodeBadRequest, "%s has %d values, the limit is %d", name, len(v), lim.MaxList)
	}
	for _, s := range v {
		if len(s) > maxNameBytes {
			return errorf(http.StatusBadRequest, CodeBadRequest, "%s: a value of %d bytes, the limit is %d", name, len(s), maxNameBytes)
		}
	}
	return nil
}

func validateAttributes(a *Attributes, lim Limits) *apiError {
	if a == nil {
		return nil
	}
	if n := len(a.Cat) + len(a.Dense); n > maxAttributeKeys {
		return errorf(http.StatusBadRequest, CodeBadRequest, "attributes: %d fields, the limit is %d", n, maxAttributeKeys)
	}
	for k, v := range a.Cat {
		if len(k) > maxNameBytes {
			return errorf(http.StatusBadRequest, CodeBadRequest, "attributes.cat: a field name of %d bytes, the limit is %d", len(k), maxNameBytes)
		}
		if e := checkList("attributes.cat."+k, v, lim); e != nil {
			return e
		}
	}
	for k := range a.Dense {
		if len(k) > maxNameBytes {
			return errorf(http.StatusBadRequest, CodeBadRequest, "attributes.dense: a field name of %d bytes, the limit is %d", len(k), maxNameBytes)
		}
	}
	return nil // non-finite values cannot be written in JSON
}

func validatePipeline(p *Pipeline, lim Limits) *apiError {
	if p == nil {
		return nil
	}
	bad := func(format string, a ...any) *apiError {
		return errorf(http.StatusBadRequest, CodeBadRequest, "pipeline: "+format, a...)
	}
	switch {
	case len(p.Retrievers) > maxRetrievers:
		return bad("%d retrievers, the limit is %d", len(p.Retrievers), maxRetrievers)
	case p.Candidates < 0 || p.Candidates > maxCandidates:
		return bad("candidates = %d: want 1..%d (0: the bundle's)", p.Candidates, maxCandidates)
	case p.Keep < 0 || p.Keep > maxCandidates:
		return bad("keep = %d: want 1..%d (0: the bundle's)", p.Keep, maxCandidates)
	case p.Blend < 0 || math.IsInf(p.Blend, 0):
		return bad("blend = %v: want a weight ≥ 0", p.Blend)
	case p.RankBudgetMs < 0 || p.RankBudgetMs > maxBudgetMs:
		return bad("rank_budget_ms = %v: want 0..%d", p.RankBudgetMs, maxBudgetMs)
	case p.RerankBudgetMs < 0 || p.RerankBudgetMs > maxBudgetMs:
		return bad("rerank_budget_ms = %v: want 0..%d", p.RerankBudgetMs, maxBudgetMs)
	case len(p.Rules) > maxAttributeKeys:
		return bad("%d rules switched, the limit is %d", len(p.Rules), maxAttributeKeys)
	case p.Fusion != "" && p.Fusion != "rrf" && p.Fusion != "weighted":
		return bad("fusion %q: want rrf or weighted", p.Fusion)
	}
	for _, r := range p.Retrievers {
		if r.Candidates < 0 || r.Candidates > maxCandidates || r.PerItem < 0 || r.PerItem > maxCandidates ||
			r.MaxHistory < 0 || r.MaxHistory > lim.MaxList || r.Weight < 0 || math.IsInf(r.Weight, 0) {
			return bad("retriever %q: candidates, per_item, max_history and weight must be ≥ 0 and within limits", r.Kind)
		}
	}
	for name := range p.Rules {
		if len(name) > maxNameBytes {
			return bad("a rule name of %d bytes, the limit is %d", len(name), maxNameBytes)
		}
	}
	return nil
}
