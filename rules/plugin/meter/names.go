package meter

import "github.com/corerec/corerec/internal/fmtlite"

// CheckBounds checks the counts an engine allocates by before it validates them: every function body's
// locals (at most maxLocals with the parameters) and a "name" section's entries (boundedNames); Parse has
// bounded every other section's vectors. Instrument makes the same checks as it meters (dropping an
// unbounded name section); a host that compiles a module unmetered calls CheckBounds first. Errors wrap
// ErrMalformed.
func (m *Module) CheckBounds() error {
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
		r := &reader{b: b}
		if readLocals(r, nparams); r.err != nil {
			return fmtlite.Errorf("function %d: %w", m.importedFuncs+i, r.err)
		}
	}
	return nil
}

// boundedNames reports whether the payload of a "name" custom section (Data, after the section's own name)
// declares no more entries than its bytes can hold. The engine decodes this section to put function names
// in trap messages, and allocates each function-name and local-name map at its declared count before it
// reads a single entry: a section claiming 2³² names would have it allocate ~100 GB and kill the process.
// Each subsection must also end exactly where its size says, so that the engine (which reads the known
// subsections from the stream, not within their sizes) walks the same bytes as this check.
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
