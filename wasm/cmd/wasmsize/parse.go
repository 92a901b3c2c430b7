package main

import (
	"errors"
	"fmt"
)

type section struct {
	name string
	size int
}

type module struct {
	sections []section
	imports  int               // imported functions (they come first in the function index space)
	bodies   []int             // size of each defined function's body, in order
	names    map[uint32]string // function index → name, from the "name" custom section
}

var sectionNames = [...]string{"custom", "type", "import", "function", "table", "memory", "global", "export",
	"start", "element", "code", "data", "datacount"}

var errShort = errors.New("truncated module")

type reader struct {
	b   []byte
	off int
}

func (r *reader) byte() (byte, error) {
	if r.off >= len(r.b) {
		return 0, errShort
	}
	r.off++
	return r.b[r.off-1], nil
}

func (r *reader) uleb() (uint32, error) {
	var v uint32
	for shift := 0; shift < 35; shift += 7 {
		c, err := r.byte()
		if err != nil {
			return 0, err
		}
		v |= uint32(c&0x7f) << shift
		if c < 0x80 {
			return v, nil
		}
	}
	return 0, errors.New("bad LEB128")
}

func (r *reader) bytes(n uint32) ([]byte, error) {
	if uint64(r.off)+uint64(n) > uint64(len(r.b)) {
		return nil, errShort
	}
	r.off += int(n)
	return r.b[r.off-int(n) : r.off], nil
}

func (r *reader) name() (string, error) {
	n, err := r.uleb()
	if err != nil {
		return "", err
	}
	b, err := r.bytes(n)
	return string(b), err
}

func parse(data []byte) (*module, error) {
	if len(data) < 8 || string(data[:4]) != "\x00asm" {
		return nil, errors.New("not a wasm module")
	}
	m := &module{names: map[uint32]string{}}
	r := &reader{b: data, off: 8}
	for r.off < len(data) {
		id, err := r.byte()
		if err != nil {
			return nil, err
		}
		size, err := r.uleb()
		if err != nil {
			return nil, err
		}
		payload, err := r.bytes(size)
		if err != nil {
			return nil, err
		}
		name := fmt.Sprintf("id%d", id)
		if int(id) < len(sectionNames) {
			name = sectionNames[id]
		}
		if err := m.section(id, &name, &reader{b: payload}); err != nil {
			return nil, fmt.Errorf("section %s: %w", name, err)
		}
		m.sections = append(m.sections, section{name, int(size)})
	}
	return m, nil
}

func (m *module) section(id byte, name *string, r *reader) error {
	switch id {
	case 0:
		n, err := r.name()
		if err != nil {
			return err
		}
		*name = "custom:" + n
		if n == "name" {
			return m.nameSection(r)
		}
	case 2:
		return m.importSection(r)
	case 10:
		return m.codeSection(r)
	}
	return nil
}

func (m *module) importSection(r *reader) error {
	n, err := r.uleb()
	if err != nil {
		return err
	}
	for range n {
		if _, err := r.name(); err != nil {
			return err
		}
		if _, err := r.name(); err != nil {
			return err
		}
		kind, err := r.byte()
		if err != nil {
			return err
		}
		if kind != 0 {
			return errors.New("only function imports are supported")
		}
		if _, err := r.uleb(); err != nil {
			return err
		}
		m.imports++
	}
	return nil
}

func (m *module) codeSection(r *reader) error {
	n, err := r.uleb()
	if err != nil {
		return err
	}
	for range n {
		size, err := r.uleb()
		if err != nil {
			return err
		}
		if _, err := r.bytes(size); err != nil {
			return err
		}
		m.bodies = append(m.bodies, int(size))
	}
	return nil
}

func (m *module) nameSection(r *reader) error {
	for r.off < len(r.b) {
		sub, err := r.byte()
		if err != nil {
			return err
		}
		size, err := r.uleb()
		if err != nil {
			return err
		}
		body, err := r.bytes(size)
		if err != nil {
			return err
		}
		if sub != 1 {
			continue
		}
		br := &reader{b: body}
		n, err := br.uleb()
		if err != nil {
			return err
		}
		for range n {
			idx, err := br.uleb()
			if err != nil {
				return err
			}
			s, err := br.name()
			if err != nil {
				return err
			}
			m.names[idx] = s
		}
	}
	return nil
}
