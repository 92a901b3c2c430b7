package rules

import (
	"time"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/strictjson"
)

// Duration is a time.Duration that reads and writes JSON as a Go duration string ("72h", "30m"), so a
// config is readable in a bundle. A JSON number is read as seconds.
type Duration time.Duration

// MarshalJSON writes the duration as a string, "72h0m0s".
func (d Duration) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Duration(d).String() + `"`), nil // no quote or backslash to escape
}

// UnmarshalJSON reads a duration string ("1.5h", "90m") or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := strictjson.Decode(b, func(d *strictjson.Decoder) error { return d.String(&s) }); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return fmtlite.Errorf("rules: duration %q: %w", s, err)
		}
		*d = Duration(v)
		return nil
	}
	var sec float64
	if err := strictjson.Decode(b, func(d *strictjson.Decoder) error { return d.Float64(&sec) }); err != nil {
		return fmtlite.Errorf("rules: duration %s: want a string like \"72h\" or a number of seconds", b)
	}
	if sec > float64(1<<63-1)/float64(time.Second) || sec < -float64(1<<63-1)/float64(time.Second) {
		return fmtlite.Errorf("rules: duration %v seconds is out of range", sec)
	}
	*d = Duration(sec * float64(time.Second))
	return nil
}

// String returns the duration as time.Duration prints it.
func (d Duration) String() string { return time.Duration(d).String() }
