package line

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/wire"
)

// Call is one request of the line protocol: an op and its fields.
type Call struct {
	// Op is "recommend" (also when empty), "similar", "manifest" or "catalog".
	Op string `json:"op,omitempty"`
	wire.Request
	// Item is the similar op's item.
	Item string `json:"item,omitempty"`
	// Offset and Limit page the catalog op (Limit 0 means 100; at most wire.MaxPage).
	Offset int `json:"offset,omitempty"`
	Limit  int `json:"limit,omitempty"`
}

// Failure is the answer to a call that failed.
type Failure struct {
	Error string `json:"error"`
}

// Handle decodes one call (JSON, unknown fields rejected), runs it, and returns the JSON answer: the op's
// result, or a Failure. It never returns an error of its own: every failure is an answer.
func Handle(ctx context.Context, eng *runtime.Engine, line []byte) []byte {
	v, err := handle(ctx, eng, line)
	if err != nil {
		v = Failure{Error: err.Error()}
	}
	out, err := json.Marshal(v)
	if err != nil {
		out, _ = json.Marshal(Failure{Error: "wire: encode answer: " + err.Error()})
	}
	return out
}

func handle(ctx context.Context, eng *runtime.Engine, line []byte) (any, error) {
	var c Call
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadRequest, err)
	}
	switch c.Op {
	case "", "recommend":
		return wire.Recommend(ctx, eng, c.Request)
	case "similar":
		return wire.Similar(ctx, eng, c.Item, c.K)
	case "manifest":
		return wire.Describe(eng), nil
	case "catalog":
		return wire.Items(eng, c.Offset, c.Limit), nil
	}
	return nil, fmt.Errorf("%w: unknown op %q", ErrBadRequest, c.Op)
}
