//go:build !js

package runtime

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// MarshalJSON writes the duration as a string, "5ms".
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a duration string ("2.5ms") or a number of milliseconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("duration %q: %w", s, err)
		}
		*d = Duration(v)
		return nil
	}
	var ms float64
	if err := json.Unmarshal(b, &ms); err != nil {
		return fmt.Errorf("duration %s: want a string like \"5ms\" or a number of milliseconds", b)
	}
	if ms > 1e12 || ms < -1e12 {
		return fmt.Errorf("duration %v ms is out of range", ms)
	}
	*d = Duration(ms * float64(time.Millisecond))
	return nil
}

// ParsePipelineSpec decodes and checks a spec (unknown keys are rejected); errors wrap ErrBundle.
func ParsePipelineSpec(data []byte) (*PipelineSpec, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var s PipelineSpec
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("%w: pipeline spec: %w", ErrBundle, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: pipeline spec: data after the JSON object", ErrBundle)
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBundle, err)
	}
	return &s, nil
}
