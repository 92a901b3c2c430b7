package rules

import (
	"errors"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Errors, grouped by when they occur. Wrapped errors name the rule and the offending value; test with
// errors.Is.
var (
	// ErrConfig: a rule's configuration is invalid (returned by the New functions and by Decode).
	ErrConfig = errors.New("rules: invalid config")

	// ErrNoEmbedding: a rule that needs item embeddings (MMR) was called without RerankInput.Embedding.
	ErrNoEmbedding = errors.New("rules: no item embeddings")
	// ErrEmbedding: the embeddings of two candidates differ in length, or are empty.
	ErrEmbedding = errors.New("rules: bad item embedding")
	// ErrOutput: a custom rule in a Chain returned an index that was not among its input, or an index
	// twice.
	ErrOutput = errors.New("rules: invalid reranker output")
)

// configError wraps ErrConfig with the rule kind and a message.
func configError(kind, format string, args ...any) error {
	return fmtlite.Errorf("%w: %s: %s", ErrConfig, kind, fmtlite.Sprintf(format, args...))
}
