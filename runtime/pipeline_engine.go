package runtime

import "time"

// Pipeline returns the bundle's pipeline spec with its defaults filled in, and whether requests run it
// (the bundle has a pipeline spec or rules). A request's Pipeline override runs it in any case.
func (e *Engine) Pipeline() (PipelineSpec, bool) {
	if e.pipe != nil {
		return *e.pipe, true
	}
	return (PipelineSpec{Format: 1}).withDefaults(), e.rerank != nil
}

// HasRanker reports whether the bundle holds a ranker (the rank stage runs when the pipeline does).
func (e *Engine) HasRanker() bool { return e.ranker != nil }

// HasRules reports whether the bundle's rules were loaded (the rerank stage runs when the pipeline does).
func (e *Engine) HasRules() bool { return e.rerank != nil }

// pipelineOn reports whether req runs the pipeline.
func (e *Engine) pipelineOn(req *Request) bool {
	return e.pipe != nil || e.rerank != nil || req.Pipeline != nil
}

func (e *Engine) now() time.Time {
	if e.opt.Clock != nil {
		return e.opt.Clock()
	}
	return time.Now()
}

// Reranker returns the reranker built from the bundle's rules (a *rules.Chain when package rules built it),
// or nil without rules.
func (e *Engine) Reranker() Reranker { return e.rerank }
