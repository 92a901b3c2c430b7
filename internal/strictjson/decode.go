package strictjson

import (
	"strconv"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Decoder reads one JSON document for the decode functions of a spec type: each reads one value with the
// method or function of its Go type (String, Int, ..., Object, Slice, Map; Raw for a type with its own
// UnmarshalJSON). Every method reads null as encoding/json does: it leaves a value alone and empties a
// slice or map.
type Decoder struct {
	r    reader
	path []string // the keys and indices leading to the value being read, for messages
}

// Decode reads the one JSON value of data (white space around it, nothing else) with value.
func Decode(data []byte, value func(*Decoder) error) error {
	d := &Decoder{r: reader{b: data}}
	if err := value(d); err != nil {
		return err
	}
	if d.r.ws(); d.r.i != len(d.r.b) {
		return d.r.syntax("data after the value")
	}
	return nil
}

// Error returns an error about the value being read, naming its path.
func (d *Decoder) Error(format string, a ...any) error {
	return fmtlite.Errorf("strictjson: %s: %s", d.where(), fmtlite.Sprintf(format, a...))
}

// where names the value being read: "value", "value.rules[2].kind".
func (d *Decoder) where() string {
	p := "value"
	for _, s := range d.path {
		p += s
	}
	return p
}

// null reads a null if one is next.
func (d *Decoder) null() (bool, error) {
	if d.r.peek() != 'n' {
		return false, nil
	}
	return true, d.r.literal("null")
}

// String reads a string (or null) into p.
func (d *Decoder) String(p *string) error {
	if null, err := d.null(); null || err != nil {
		return err
	}
	if d.r.peek() != '"' {
		if _, err := d.r.skip(); err != nil {
			return err
		}
		return d.Error("want a string")
	}
	s, err := d.r.str()
	if err == nil {
		*p = s
	}
	return err
}

// Bool reads true, false (or null) into p.
func (d *Decoder) Bool(p *bool) error {
	if null, err := d.null(); null || err != nil {
		return err
	}
	switch d.r.peek() {
	case 't':
		*p = true
		return d.r.literal("true")
	case 'f':
		*p = false
		return d.r.literal("false")
	}
	if _, err := d.r.skip(); err != nil {
		return err
	}
	return d.Error("want a boolean")
}

// number reads a number (false for null).
func (d *Decoder) number(want string) (string, bool, error) {
	if null, err := d.null(); null || err != nil {
		return "", false, err
	}
	if c := d.r.peek(); c != '-' && (c < '0' || c > '9') {
		if _, err := d.r.skip(); err != nil {
			return "", false, err
		}
		return "", false, d.Error("want %s", want)
	}
	num, err := d.r.number()
	return string(num), err == nil, err
}

// Int reads an integer literal that fits an int (or null) into p.
func (d *Decoder) Int(p *int) error {
	s, ok, err := d.number("an integer")
	if !ok {
		return err
	}
	n, err := strconv.ParseInt(s, 10, strconv.IntSize)
	if err != nil {
		return d.Error("cannot read the number %s into an int", s)
	}
	*p = int(n)
	return nil
}

// Int64 reads an integer literal that fits an int64 (or null) into p.
func (d *Decoder) Int64(p *int64) error {
	s, ok, err := d.number("an integer")
	if !ok {
		return err
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return d.Error("cannot read the number %s into an int64", s)
	}
	*p = n
	return nil
}

// Uint32 reads an integer literal that fits a uint32 (or null) into p.
func (d *Decoder) Uint32(p *uint32) error {
	s, ok, err := d.number("an integer")
	if !ok {
		return err
	}
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return d.Error("cannot read the number %s into a uint32", s)
	}
	*p = uint32(n)
	return nil
}

// Float64 reads a number within float64's range (or null) into p.
func (d *Decoder) Float64(p *float64) error {
	s, ok, err := d.number("a number")
	if !ok {
		return err
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return d.Error("cannot read the number %s into a float64", s)
	}
	*p = f
	return nil
}

// Float32 reads a number within float32's range (or null) into p.
func (d *Decoder) Float32(p *float32) error {
	s, ok, err := d.number("a number")
	if !ok {
		return err
	}
	f, err := strconv.ParseFloat(s, 32)
	if err != nil {
		return d.Error("cannot read the number %s into a float32", s)
	}
	*p = float32(f)
	return nil
}

// Raw reads any value and returns its bytes, for a type with its own UnmarshalJSON (which encoding/json
// calls with exactly these bytes, null included).
func (d *Decoder) Raw() ([]byte, error) { return d.r.skip() }
