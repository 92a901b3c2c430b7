//go:build !js

package runtime

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ParseItemTowerSpec decodes and checks an item tower description (unknown keys and versions other than
// 1 are refused) for a bundle whose embeddings have dimension dim.
func ParseItemTowerSpec(raw []byte, dim int) (ItemTowerSpec, error) {
	var s ItemTowerSpec
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return s, fmt.Errorf("%w: item tower description: %w", ErrBundle, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return s, fmt.Errorf("%w: item tower description: data after the object", ErrBundle)
	}
	if err := s.check(dim); err != nil {
		return s, fmt.Errorf("%w: item tower description: %w", ErrBundle, err)
	}
	return s, nil
}
