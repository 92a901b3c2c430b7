package runtime

import (
	"github.com/corerec/corerec/modelpack"
)

// loadPipeline reads the bundle's pipeline spec, ranker and rules (each optional).
func (e *Engine) loadPipeline(b *modelpack.Bundle) error {
	if b.Has(modelpack.SectionPipelineSpec) {
		raw, _, err := b.Raw(modelpack.SectionPipelineSpec)
		if err != nil {
			return bundleError(err)
		}
		spec, err := ParsePipelineSpec(raw)
		if err != nil {
			return err
		}
		s := spec.withDefaults()
		e.pipe = &s
	}
	if err := e.loadRanker(b); err != nil {
		return err
	}
	r, err := loadRules(b, e.opt)
	if err != nil {
		return err
	}
	e.rerank = r
	return nil
}
