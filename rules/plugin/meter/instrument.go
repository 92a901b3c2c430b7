package meter

import "fmt"

// GlobalName is the export name of the fuel global that Instrument adds. A module may not export it itself.
const GlobalName = "corerec_fuel"

// maxLocals bounds the locals of one function (engines refuse far fewer; this only keeps counts sane).
const maxLocals = 1 << 20

// Options configure Instrument.
type Options struct {
	// InitFuel is the fuel global's initial value: the budget of the start function and of everything the
	// host runs before it first sets the global. Must not be negative.
	InitFuel int64
	// KeepCustom names the custom sections to keep ("name" keeps function names in trap messages); all
	// others are dropped, debug information included (its code offsets would be stale).
	KeepCustom []string
	// MemoryPages, when not zero, caps every defined memory: its maximum becomes the smaller of its own and
	// MemoryPages. Instrument fails (ErrLimits) when a memory's minimum is above it.
	MemoryPages uint32
}

// Stats describe an instrumentation.
type Stats struct {
	// Funcs is the number of function bodies rewritten.
	Funcs int
	// Points is the number of static charges inserted (function entries and loop headers).
	Points int
	// Bulk is the number of dynamic charges inserted before bulk operations.
	Bulk int
	// MaxCost is the largest static charge: how far a plugin can run past its budget, in instructions.
	MaxCost int64
}

// Instrument returns the module with fuel metering (see the package documentation).
func (m *Module) Instrument(opt Options) ([]byte, Stats, error) {
	var st Stats
	if opt.InitFuel < 0 {
		return nil, st, fmt.Errorf("meter: negative initial fuel %d", opt.InitFuel)
	}
	if _, ok := m.Export(GlobalName); ok {
		return nil, st, fmt.Errorf("%w: the module exports %q, a name reserved for the host", ErrUnsupported, GlobalName)
	}
	for i, l := range m.Memories {
		if opt.MemoryPages > 0 && l.Min > opt.MemoryPages {
			return nil, st, fmt.Errorf("%w: memory %d starts at %d pages, the cap is %d", ErrLimits, i, l.Min, opt.MemoryPages)
		}
	}
	fuel := uint32(m.importedGlobal + m.globals)
	code := appendULEB(make([]byte, 0, len(m.raw)/2), uint64(len(m.bodies)))
	var body []byte
	for i, b := range m.bodies {
		nparams := 0
		if int(m.Funcs[i]) < len(m.Types) {
			nparams = len(m.Types[m.Funcs[i]].Params)
		}
		var err error
		body, err = instrumentBody(body[:0], b, nparams, fuel, &st)
		if err != nil {
			return nil, st, fmt.Errorf("function %d: %w", m.importedFuncs+i, err)
		}
		code = appendULEB(code, uint64(len(body)))
		code = append(code, body...)
	}
	st.Funcs = len(m.bodies)
	return m.assemble(code, fuel, opt), st, nil
}

// assemble writes the module with the new code section, the fuel global appended to the global section and
// exported, and only the kept custom sections.
func (m *Module) assemble(code []byte, fuel uint32, opt Options) []byte {
	global := appendSLEB([]byte{I64, 1, 0x42}, opt.InitFuel) // i64, mutable, i64.const InitFuel
	global = append(global, 0x0b)
	export := append(appendULEB(nil, uint64(len(GlobalName))), GlobalName...)
	export = appendULEB(append(export, byte(KindGlobal)), uint64(fuel))

	out := append(make([]byte, 0, len(m.raw)+len(code)/4), header...)
	addedGlobal, addedExport := false, false
	for _, s := range m.sections {
		if s.id != secCustom {
			if !addedGlobal && rank[s.id] > rank[secGlobal] {
				out, addedGlobal = appendSection(out, secGlobal, appendULEB(nil, 1), global), true
			}
			if !addedExport && rank[s.id] > rank[secExport] {
				out, addedExport = appendSection(out, secExport, appendULEB(nil, 1), export), true
			}
		}
		switch s.id {
		case secCustom:
			if keep(s.payload, opt.KeepCustom) {
				out = appendSection(out, secCustom, nil, s.payload)
			}
		case secGlobal:
			out, addedGlobal = appendSection(out, secGlobal, appendULEB(nil, uint64(m.globals+1)), skipCount(s.payload), global), true
		case secExport:
			out, addedExport = appendSection(out, secExport, appendULEB(nil, uint64(len(m.Exports)+1)), skipCount(s.payload), export), true
		case secCode:
			out = appendSection(out, secCode, nil, code)
		case secMemory:
			out = appendSection(out, secMemory, m.memories(opt.MemoryPages))
		default:
			out = appendSection(out, s.id, nil, s.payload)
		}
	}
	if !addedGlobal {
		out = appendSection(out, secGlobal, appendULEB(nil, 1), global)
	}
	if !addedExport {
		out = appendSection(out, secExport, appendULEB(nil, 1), export)
	}
	return out
}

// memories encodes the memory section with every maximum capped at pages (0 = unchanged).
func (m *Module) memories(pages uint32) []byte {
	out := appendULEB(nil, uint64(len(m.Memories)))
	for _, l := range m.Memories {
		if pages > 0 && (!l.HasMax || l.Max > pages) {
			l.Max, l.HasMax = pages, true
		}
		if !l.HasMax {
			out = appendULEB(append(out, 0), uint64(l.Min))
			continue
		}
		out = appendULEB(appendULEB(append(out, 1), uint64(l.Min)), uint64(l.Max))
	}
	return out
}

func keep(payload []byte, names []string) bool {
	r := &reader{b: payload}
	name := r.name()
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

// skipCount returns a vector's payload without its leading count.
func skipCount(payload []byte) []byte {
	r := &reader{b: payload}
	r.u32()
	return payload[r.pos:]
}

func appendSection(out []byte, id byte, parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out = appendULEB(append(out, id), uint64(n))
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
