package meter

import "github.com/corerec/corerec/internal/fmtlite"

// CheckEngineBounds refuses, in a module Parse accepts, the counts a native engine (wazero) allocates by
// before it validates them, which no check of Parse reads: each function body's locals (at most maxLocals
// with the parameters; the engine allocates a slice of the declared number, up to 2³²) and a "name" custom
// section's entries (boundedNames: the engine allocates each name map at its declared count, ~100 GB for
// 2³² names — a fatal error, not a panic). The plugin host calls it on what it is about to compile, metered
// or not; the browser build, whose page engine compiles plugins, does not link it. Errors wrap ErrMalformed.
func CheckEngineBounds(wasm []byte) error {
	m, err := Parse(wasm)
	if err != nil {
		return err
	}
	for _, c := range m.Customs {
		if c.Name == "name" && !boundedNames(c.Data) {
			return fmtlite.Errorf("%w: the name section declares more entries than its bytes hold", ErrMalformed)
		}
	}
	for i, b := range m.bodies {
		nparams := 0
		if t := int(m.Funcs[i]); t < len(m.Types) {
			nparams = len(m.Types[t].Params)
		}
		// The local declarations' counts as instrumentBody reads them (it also checks their types; a
		// helper shared with it grew the browser build, which links instrumentBody but not this).
		r := &reader{b: b}
		var locals uint64
		for range r.count(2) {
			locals += uint64(r.u32())
			r.byte() // the type (instrumentBody and the engine check it)
			if locals+uint64(nparams) > maxLocals {
				r.fail("%d locals", locals)
			}
		}
		if r.err != nil {
			return fmtlite.Errorf("function %d: %w", m.importedFuncs+i, r.err)
		}
	}
	return nil
}

// boundedNames reports whether the payload of a "name" custom section (Data, after the section's own name)
// declares no more entries than its bytes can hold. Each subsection must also end exactly where its size
// says, so that the engine (which reads the known subsections from the stream, not within their sizes)
// walks the same bytes as this check.
func boundedNames(data []byte) bool {
	r := &reader{b: data}
	for !r.done() {
		id := r.byte()
		sub := &reader{b: r.bytes(r.count(1))}
		switch id {
		case 0: // the module's name
			sub.name()
		case 1: // function names: a name map
			nameMap(sub)
		case 2: // local names: per function, its index and a name map
			n := sub.count(2)
			for i := 0; i < n && sub.err == nil; i++ {
				sub.u32()
				nameMap(sub)
			}
		default: // skipped by size
			sub.pos = len(sub.b)
		}
		if sub.err != nil || sub.pos != len(sub.b) {
			return false
		}
	}
	return r.err == nil
}

// nameMap walks a vector of (index, name) pairs, each at least 2 bytes.
func nameMap(r *reader) {
	n := r.count(2)
	for i := 0; i < n && r.err == nil; i++ {
		r.u32()
		r.name()
	}
}
