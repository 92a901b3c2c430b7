package rerank

import "errors"

// Rule is a reranking rule: it reads the candidates and appends the ones to keep, best first, to out. An
// error fails the call (the host skips the plugin or fails the request, by its policy) and is logged.
type Rule func(in *Input, out *Output) error

// The registered rule and the per-instance buffers: a plugin instance serves one call at a time.
var (
	rule   Rule
	input  Input
	output Output
	outBuf []byte
)

// Register sets the plugin's rule. Call it once, from an init function.
func Register(r Rule) { rule = r }

// ErrNoRule: no rule was registered.
var ErrNoRule = errors.New("rerank: no rule registered (call rerank.Register from init)")

// Run runs the registered rule on one encoded input and returns the encoded output block, which stays
// valid until the next Run. It is what the plugin's corerec_rerank export calls; natively, tests and
// benchmarks call it directly.
func Run(in []byte) ([]byte, error) {
	if rule == nil {
		return nil, ErrNoRule
	}
	if err := input.parse(in); err != nil {
		return nil, err
	}
	output.reset(input.n)
	if err := rule(&input, &output); err != nil {
		return nil, err
	}
	var err error
	outBuf, err = output.encode(outBuf[:0], &input)
	return outBuf, err
}
