//go:build js

package runtime

import (
	"fmt"

	"github.com/corerec/corerec/modelpack"
)

// loadPipeline refuses funnel bundles in the browser build: their JSON specs and the ranker would take the
// runtime .wasm past its 1.2 MB gzip budget (encoding/json alone is most of it, as for ParseTowerSpec).
func (e *Engine) loadPipeline(b *modelpack.Bundle) error {
	for _, name := range []string{modelpack.SectionPipelineSpec, modelpack.SectionRankSpec, modelpack.SectionRulesSpec} {
		if b.Has(name) {
			return fmt.Errorf("%w: section %q: pipeline bundles are not supported in the browser build yet", ErrBundle, name)
		}
	}
	return nil
}
