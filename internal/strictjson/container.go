package strictjson

import "strconv"

// Object reads an object (or null) whose keys must be among names: field is called with the index of the
// name each key matches, exactly or else case-insensitively as encoding/json matches them (a repeated key
// is read again into the same field). Any other key is an error.
func (d *Decoder) Object(names []string, field func(d *Decoder, i int) error) error {
	_, err := d.members(nil, false, func(d *Decoder, key string) error {
		i := lookup(names, key)
		if i < 0 {
			return d.Error("unknown field %q", key)
		}
		d.path[len(d.path)-1] = "." + names[i]
		return field(d, i)
	})
	return err
}

// Slice reads an array (or null: nil) into *p with elem, reusing the slice's backing array as
// encoding/json does: elements are read into the old ones, and [] gives a new empty slice (not nil, and
// not the old backing array, whose elements a later array under a repeated key would otherwise read into).
func Slice[T any](d *Decoder, p *[]T, elem func(e *T, d *Decoder) error) error {
	s := (*p)[:0]
	null, err := d.array(func(d *Decoder) error {
		if len(s) < cap(s) {
			s = s[:len(s)+1] // the old element, read into as encoding/json does
		} else {
			var zero T
			s = append(s, zero)
		}
		return elem(&s[len(s)-1], d)
	})
	switch {
	case err != nil:
	case null:
		*p = nil
	case len(s) == 0:
		*p = []T{}
	default:
		*p = s
	}
	return err
}

// array reads an array, calling elem for each element; null reports true.
func (d *Decoder) array(elem func(d *Decoder) error) (null bool, err error) {
	if null, err := d.null(); null || err != nil {
		return null, err
	}
	if d.r.peek() != '[' {
		if _, err := d.r.skip(); err != nil {
			return false, err
		}
		return false, d.Error("want an array")
	}
	if err := d.r.open(); err != nil {
		return false, err
	}
	if d.r.peek() == ']' {
		d.r.i++
		d.r.depth--
		return false, nil
	}
	for n, more := 0, true; more; n++ {
		d.path = append(d.path, "["+strconv.Itoa(n)+"]")
		err := elem(d)
		d.path = d.path[:len(d.path)-1]
		if err != nil {
			return false, err
		}
		if more, err = d.r.next(']'); err != nil {
			return false, err
		}
	}
	return false, nil
}

// Map reads an object (or null: nil) into *p with elem, each value into a fresh T; a map that exists
// keeps its other keys.
func Map[T any](d *Decoder, p *map[string]T, elem func(e *T, d *Decoder) error) error {
	null, err := d.members(func() { *p = map[string]T{} }, *p == nil, func(d *Decoder, key string) error {
		var v T
		if err := elem(&v, d); err != nil {
			return err
		}
		(*p)[key] = v
		return nil
	})
	if null {
		*p = nil
	}
	return err
}

// members reads an object, calling member for each key; null reports true. Before the first key, or
// for {}, it calls make when empty is true.
func (d *Decoder) members(make func(), empty bool, member func(d *Decoder, key string) error) (null bool, err error) {
	if null, err := d.null(); null || err != nil {
		return null, err
	}
	if d.r.peek() != '{' {
		if _, err := d.r.skip(); err != nil {
			return false, err
		}
		return false, d.Error("want an object")
	}
	if empty {
		make()
	}
	if err := d.r.open(); err != nil {
		return false, err
	}
	if d.r.peek() == '}' {
		d.r.i++
		d.r.depth--
		return false, nil
	}
	for more := true; more; {
		key, err := d.r.key()
		if err != nil {
			return false, err
		}
		d.path = append(d.path, "."+key)
		err = member(d, key)
		d.path = d.path[:len(d.path)-1]
		if err != nil {
			return false, err
		}
		if more, err = d.r.next('}'); err != nil {
			return false, err
		}
	}
	return false, nil
}

// lookup finds key among names: exactly, else case-insensitively as encoding/json folds names.
func lookup(names []string, key string) int {
	for i, n := range names {
		if n == key {
			return i
		}
	}
	fk := foldName(key)
	for i, n := range names {
		if foldName(n) == fk {
			return i
		}
	}
	return -1
}

// Strings reads an array of strings (or null) into p.
func (d *Decoder) Strings(p *[]string) error {
	return Slice(d, p, func(e *string, d *Decoder) error { return d.String(e) })
}

// Ints reads an array of integers (or null) into p.
func (d *Decoder) Ints(p *[]int) error {
	return Slice(d, p, func(e *int, d *Decoder) error { return d.Int(e) })
}

// Float32s reads an array of numbers (or null) into p.
func (d *Decoder) Float32s(p *[]float32) error {
	return Slice(d, p, func(e *float32, d *Decoder) error { return d.Float32(e) })
}
