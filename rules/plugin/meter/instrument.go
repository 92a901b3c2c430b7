package meter

import (
	"bytes"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Export names of the globals Instrument adds. A module may not export them itself.
const (
	// GlobalName is the fuel counter (mutable i64): the host sets the budget before a call and reads what
	// is left after it; below zero means the call ran out.
	GlobalName = "corerec_fuel"
	// StackGlobalName is the call-stack budget (mutable i32) in slots: every call frame takes 8 slots plus
	// its parameters and locals while it runs; below zero traps.
	StackGlobalName = "corerec_stack"
)

// DefaultStack is the stack budget when Options.Stack is zero: 2^18 slots, at least 10,000 nested calls
// of any function with up to 18 parameters and locals, about 2.5 MiB of engine stack. (The engine's own
// limit is 400 MB, which a deep recursion takes seconds to reach.)
const DefaultStack = 1 << 18

// maxLocals bounds the locals of one function (engines refuse far fewer; this only keeps counts sane).
const maxLocals = 1 << 20

// Options configure Instrument.
type Options struct {
	// InitFuel is the fuel global's initial value: the budget of the start function and of everything the
	// host runs before it first sets the global. Must not be negative.
	InitFuel int64
	// Stack is the stack global's initial value (default DefaultStack).
	Stack int32
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
	Funcs int `json:"funcs"`
	// Points is the number of static charges inserted (function entries and loop headers).
	Points int `json:"points"`
	// Bulk is the number of dynamic charges inserted before bulk operations.
	Bulk int `json:"bulk"`
	// MaxCost is the largest static charge, in instructions.
	MaxCost int64 `json:"max_cost"`
}

// Instrument returns the module with fuel and stack metering (see the package documentation).
func (m *Module) Instrument(opt Options) ([]byte, Stats, error) {
	var st Stats
	if opt.InitFuel < 0 || opt.Stack < 0 {
		return nil, st, fmtlite.Errorf("meter: negative initial fuel %d or stack %d", opt.InitFuel, opt.Stack)
	}
	if opt.Stack == 0 {
		opt.Stack = DefaultStack
	}
	for _, name := range []string{GlobalName, StackGlobalName} {
		if _, ok := m.Export(name); ok {
			return nil, st, fmtlite.Errorf("%w: the module exports %q, a name reserved for the host", ErrUnsupported, name)
		}
	}
	for i, l := range m.Memories {
		if opt.MemoryPages > 0 && l.Min > opt.MemoryPages {
			return nil, st, fmtlite.Errorf("%w: memory %d starts at %d pages, the cap is %d", ErrLimits, i, l.Min, opt.MemoryPages)
		}
	}
	env := bodyEnv{fuel: uint32(m.importedGlobal + m.globals)}
	env.stack = env.fuel + 1
	types := &typeTable{have: m.Types}
	code := appendULEB(make([]byte, 0, len(m.raw)/2), uint64(len(m.bodies)))
	var body []byte
	for i, b := range m.bodies {
		sig := FuncType{}
		if int(m.Funcs[i]) < len(m.Types) {
			sig = m.Types[m.Funcs[i]]
		}
		env.nparams, env.blockType = len(sig.Params), types.blockType(sig.Results)
		var err error
		if body, err = instrumentBody(body[:0], b, env, &st); err != nil {
			return nil, st, fmtlite.Errorf("function %d: %w", m.importedFuncs+i, err)
		}
		code = appendULEB(code, uint64(len(body)))
		code = append(code, body...)
	}
	st.Funcs = len(m.bodies)
	return m.assemble(code, env, types.added, opt), st, nil
}

// typeTable finds or adds the function types () -> (results…) that multi-value wrapper blocks need.
type typeTable struct {
	have  []FuncType
	added []FuncType
}

func (tt *typeTable) blockType(results []byte) []byte {
	switch len(results) {
	case 0:
		return []byte{0x40}
	case 1:
		return results[:1]
	}
	all := append(append([]FuncType(nil), tt.have...), tt.added...)
	for i, t := range all {
		if len(t.Params) == 0 && bytes.Equal(t.Results, results) {
			return appendSLEB(nil, int64(i))
		}
	}
	tt.added = append(tt.added, FuncType{Results: results})
	return appendSLEB(nil, int64(len(all)))
}

// assemble writes the module with the new code section, the added types, the two globals appended to the
// global section and exported, capped memories, and only the kept custom sections.
func (m *Module) assemble(code []byte, env bodyEnv, added []FuncType, opt Options) []byte {
	globals := appendSLEB([]byte{I64, 1, 0x42}, opt.InitFuel) // i64, mutable, i64.const InitFuel, end
	globals = appendSLEB(append(globals, 0x0b, I32, 1, 0x41), int64(opt.Stack))
	globals = append(globals, 0x0b)
	exports := exportEntry(nil, GlobalName, env.fuel)
	exports = exportEntry(exports, StackGlobalName, env.stack)
	var types []byte
	for _, t := range added {
		types = append(appendULEB(append(types, 0x60, 0), uint64(len(t.Results))), t.Results...)
	}

	out := append(make([]byte, 0, len(m.raw)+len(code)/4), header...)
	done := map[byte]bool{}
	synth := func(before int) { // sections the module lacks, in their place (before a section of that rank)
		for _, s := range []struct {
			id      byte
			payload []byte
		}{{secGlobal, append(appendULEB(nil, 2), globals...)}, {secExport, append(appendULEB(nil, 2), exports...)}} {
			if !done[s.id] && before > rank[s.id] {
				out, done[s.id] = appendSection(out, s.id, s.payload), true
			}
		}
	}
	for _, s := range m.sections {
		if s.id != secCustom {
			synth(rank[s.id])
		}
		switch s.id {
		case secCustom:
			if keep(s.payload, opt.KeepCustom) {
				out = appendSection(out, secCustom, s.payload)
			}
		case secType:
			out = appendSection(out, secType, appendULEB(nil, uint64(len(m.Types)+len(added))), skipCount(s.payload), types)
		case secGlobal:
			out = appendSection(out, secGlobal, appendULEB(nil, uint64(m.globals+2)), skipCount(s.payload), globals)
		case secExport:
			out = appendSection(out, secExport, appendULEB(nil, uint64(len(m.Exports)+2)), skipCount(s.payload), exports)
		case secMemory:
			out = appendSection(out, secMemory, m.memories(opt.MemoryPages))
		case secCode:
			out = appendSection(out, secCode, code)
		default:
			out = appendSection(out, s.id, s.payload)
		}
		done[s.id] = true
	}
	synth(len(rank) + 1) // past every section
	return out
}

func exportEntry(dst []byte, name string, global uint32) []byte {
	dst = append(appendULEB(dst, uint64(len(name))), name...)
	return appendULEB(append(dst, byte(KindGlobal)), uint64(global))
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
