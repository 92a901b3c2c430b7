//go:build js

package runtime

import (
	"context"
	"fmt"
)

// runPipeline is not in the browser build (see loadPipeline): a request's pipeline override is refused.
func (e *Engine) runPipeline(ctx context.Context, sc *scratch, req *Request, k int, ok bool, res *Result) (Result, error) {
	return Result{}, fmt.Errorf("%w: pipeline overrides are not supported in the browser build yet", ErrBadRequest)
}
