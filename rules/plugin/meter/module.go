package meter

import (
	"bytes"

	"github.com/corerec/corerec/internal/fmtlite"
)

// Section ids (WebAssembly 2.0, 5.5).
const (
	secCustom    = 0
	secType      = 1
	secImport    = 2
	secFunction  = 3
	secTable     = 4
	secMemory    = 5
	secGlobal    = 6
	secExport    = 7
	secStart     = 8
	secElement   = 9
	secCode      = 10
	secData      = 11
	secDataCount = 12
	secTag       = 13
)

// rank orders the non-custom sections as a module must list them.
var rank = [...]int{secType: 1, secImport: 2, secFunction: 3, secTable: 4, secMemory: 5, secTag: 6,
	secGlobal: 7, secExport: 8, secStart: 9, secElement: 10, secDataCount: 11, secCode: 12, secData: 13}

// ExternKind is the kind of an import or export.
type ExternKind byte

// Import and export kinds.
const (
	KindFunc   ExternKind = 0
	KindTable  ExternKind = 1
	KindMemory ExternKind = 2
	KindGlobal ExternKind = 3
)

func (k ExternKind) String() string {
	switch k {
	case KindFunc:
		return "function"
	case KindTable:
		return "table"
	case KindMemory:
		return "memory"
	case KindGlobal:
		return "global"
	}
	return fmtlite.Sprintf("kind %d", byte(k))
}

// FuncType is a function signature: value type bytes (0x7f i32, 0x7e i64, 0x7d f32, 0x7c f64, 0x7b v128,
// 0x70 funcref, 0x6f externref).
type FuncType struct{ Params, Results []byte }

// Is reports whether t has exactly these parameter and result types.
func (t FuncType) Is(params, results []byte) bool {
	return bytes.Equal(t.Params, params) && bytes.Equal(t.Results, results)
}

// Value type bytes, for FuncType.Is.
const (
	I32 byte = 0x7f
	I64 byte = 0x7e
)

// Import is one import of the module.
type Import struct {
	Module, Name string
	Kind         ExternKind
	// Type is the signature index of an imported function.
	Type uint32
}

// Export is one export of the module.
type Export struct {
	Name  string
	Kind  ExternKind
	Index uint32
}

// Limits are a memory's page limits.
type Limits struct {
	Min, Max uint32
	HasMax   bool
}

// Custom is a custom section.
type Custom struct {
	Name string
	Data []byte
}

// Module is a decoded module: what a host checks before compiling (imports, exports, memories, custom
// sections, signatures) and what Instrument needs to rewrite it.
type Module struct {
	Types    []FuncType
	Imports  []Import
	Funcs    []uint32 // signature index of each defined function
	Memories []Limits // defined memories
	Exports  []Export
	Customs  []Custom

	raw            []byte
	sections       []section
	importedFuncs  int
	importedGlobal int
	globals        int // defined globals
	bodies         [][]byte
}

type section struct {
	id      byte
	payload []byte
}

var header = []byte{0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00}

// Parse decodes a module's structure. It reads every section it needs, locates the function bodies and
// refuses features plugins may not use; it does not type-check.
func Parse(wasm []byte) (*Module, error) {
	if !bytes.HasPrefix(wasm, header) {
		return nil, fmtlite.Errorf("%w: not a WebAssembly 1.0 binary (bad magic or version)", ErrMalformed)
	}
	m := &Module{raw: wasm}
	r := &reader{b: wasm, pos: len(header)}
	last := 0
	for !r.done() {
		id := r.byte()
		payload := r.bytes(int(r.u32()))
		if r.err != nil {
			break
		}
		if int(id) >= len(rank) {
			return nil, fmtlite.Errorf("%w: unknown section id %d", ErrMalformed, id)
		}
		if id != secCustom {
			if rank[id] <= last {
				return nil, fmtlite.Errorf("%w: section %d out of order or repeated", ErrMalformed, id)
			}
			last = rank[id]
		}
		m.sections = append(m.sections, section{id, payload})
		if err := m.parseSection(id, payload); err != nil {
			return nil, err
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(m.bodies) != len(m.Funcs) {
		return nil, fmtlite.Errorf("%w: %d function bodies for %d functions", ErrMalformed, len(m.bodies), len(m.Funcs))
	}
	return m, m.checkTypeIndices()
}

// checkTypeIndices: every function's signature exists. (Engines are not all careful about it: wazero
// v1.12.0 panics compiling a call to a function whose type index is out of range.)
func (m *Module) checkTypeIndices() error {
	for _, im := range m.Imports {
		if im.Kind == KindFunc && int64(im.Type) >= int64(len(m.Types)) {
			return fmtlite.Errorf("%w: import %s.%s has type %d of %d", ErrMalformed, im.Module, im.Name, im.Type, len(m.Types))
		}
	}
	for i, t := range m.Funcs {
		if int64(t) >= int64(len(m.Types)) {
			return fmtlite.Errorf("%w: function %d has type %d of %d", ErrMalformed, m.importedFuncs+i, t, len(m.Types))
		}
	}
	return nil
}

func (m *Module) parseSection(id byte, payload []byte) error {
	r := &reader{b: payload}
	switch id {
	case secCustom:
		name := r.name()
		m.Customs = append(m.Customs, Custom{Name: name, Data: payload[r.pos:]})
		return r.err
	case secType:
		m.parseTypes(r)
	case secImport:
		m.parseImports(r)
	case secFunction:
		m.Funcs = make([]uint32, r.count(1))
		for i := range m.Funcs {
			m.Funcs[i] = r.u32()
		}
	case secMemory:
		m.Memories = make([]Limits, r.count(2))
		for i := range m.Memories {
			m.Memories[i] = r.limits()
		}
	case secGlobal:
		m.globals = r.count(3)
		r.pos = len(r.b) // entries are copied, not read
	case secExport:
		m.parseExports(r)
	case secCode:
		m.parseCode(r)
	case secTag:
		return fmtlite.Errorf("%w: exception handling (tag section)", ErrUnsupported)
	case secTable:
		r.count(3) // reftype and limits; entries are copied, not read
		r.pos = len(r.b)
	case secElement:
		m.checkElements(r)
	case secData:
		m.checkData(r)
	default:
		return nil // start, data count: copied as they are
	}
	if r.err == nil && r.pos != len(r.b) {
		r.fail("section %d has %d trailing bytes", id, len(r.b)-r.pos)
	}
	return r.err
}

func (m *Module) parseTypes(r *reader) {
	m.Types = make([]FuncType, r.count(3))
	for i := range m.Types {
		if form := r.byte(); form != 0x60 && r.err == nil {
			r.err = fmtlite.Errorf("%w: type form %#x (GC types)", ErrUnsupported, form)
			return
		}
		m.Types[i].Params = r.valtypes()
		m.Types[i].Results = r.valtypes()
	}
}

func (r *reader) valtypes() []byte {
	ts := r.bytes(r.count(1))
	for _, t := range ts {
		if !isValType(t) {
			r.fail("value type %#x", t)
		}
	}
	return ts
}

func isValType(t byte) bool { return t >= 0x7b && t <= 0x7f || t == 0x70 || t == 0x6f }

func (r *reader) limits() Limits {
	var l Limits
	switch flag := r.byte(); flag {
	case 0:
		l.Min = r.u32()
	case 1:
		l.Min, l.Max, l.HasMax = r.u32(), r.u32(), true
	default:
		if r.err == nil {
			r.err = fmtlite.Errorf("%w: limits flag %#x (shared memory or memory64)", ErrUnsupported, flag)
			r.pos = len(r.b)
		}
	}
	return l
}

func (m *Module) parseImports(r *reader) {
	m.Imports = make([]Import, r.count(4))
	for i := range m.Imports {
		im := &m.Imports[i]
		im.Module, im.Name = r.name(), r.name()
		im.Kind = ExternKind(r.byte())
		switch im.Kind {
		case KindFunc:
			im.Type = r.u32()
			m.importedFuncs++
		case KindTable:
			r.byte()
			r.limits()
		case KindMemory:
			r.limits()
		case KindGlobal:
			r.byte()
			r.byte()
			m.importedGlobal++
		default:
			r.fail("import kind %d", int(im.Kind))
		}
	}
}

func (m *Module) parseExports(r *reader) {
	m.Exports = make([]Export, r.count(3))
	for i := range m.Exports {
		m.Exports[i] = Export{Name: r.name(), Kind: ExternKind(r.byte()), Index: r.u32()}
		if m.Exports[i].Kind > KindGlobal {
			r.fail("export kind %d", int(m.Exports[i].Kind))
		}
	}
}

func (m *Module) parseCode(r *reader) {
	m.bodies = make([][]byte, r.count(2))
	for i := range m.bodies {
		m.bodies[i] = r.bytes(int(r.u32()))
	}
}

// Export finds an export by name.
func (m *Module) Export(name string) (Export, bool) {
	for _, e := range m.Exports {
		if e.Name == name {
			return e, true
		}
	}
	return Export{}, false
}

// FuncSig returns the signature of function index f (imports first, then defined functions).
func (m *Module) FuncSig(f uint32) (FuncType, bool) {
	var ti uint32
	switch {
	case int64(f) < int64(m.importedFuncs):
		n := 0
		for _, im := range m.Imports {
			if im.Kind == KindFunc {
				if n == int(f) {
					ti = im.Type
				}
				n++
			}
		}
	case int64(f)-int64(m.importedFuncs) < int64(len(m.Funcs)):
		ti = m.Funcs[int(f)-m.importedFuncs]
	default:
		return FuncType{}, false
	}
	if int64(ti) >= int64(len(m.Types)) {
		return FuncType{}, false
	}
	return m.Types[ti], true
}

// checkElements reads the element section only to bound it: every vector count fits the bytes left, so
// that an engine allocating by a count read off the wire (wazero v1.x does) cannot be made to allocate
// more than the module's size. Segments are copied, not kept.
func (m *Module) checkElements(r *reader) {
	for n := r.count(2); n > 0 && r.err == nil; n-- {
		flags := r.u32()
		if flags > 7 {
			r.fail("element segment flags %d", flags)
			return
		}
		if flags&3 == 2 {
			r.u32() // table index
		}
		if flags&1 == 0 {
			r.constExpr() // offset
		}
		if flags&3 != 0 {
			r.byte() // element kind or reference type
		}
		k := r.count(1)
		for ; k > 0 && r.err == nil; k-- {
			if flags&4 == 0 {
				r.u32() // function index
			} else {
				r.constExpr()
			}
		}
	}
}

// checkData bounds the data section as checkElements does the element section.
func (m *Module) checkData(r *reader) {
	for n := r.count(2); n > 0 && r.err == nil; n-- {
		switch flags := r.u32(); flags {
		case 0:
			r.constExpr()
		case 1:
		case 2:
			r.u32() // memory index
			r.constExpr()
		default:
			r.fail("data segment flags %d", flags)
			return
		}
		r.bytes(r.count(1))
	}
}

// constExpr skips a constant expression up to and including its end opcode.
func (r *reader) constExpr() {
	for r.err == nil {
		switch op := r.byte(); op {
		case 0x0b: // end
			return
		case 0x41: // i32.const
			r.sleb(32)
		case 0x42: // i64.const
			r.sleb(64)
		case 0x43: // f32.const
			r.bytes(4)
		case 0x44: // f64.const
			r.bytes(8)
		case 0x23, 0xd2: // global.get, ref.func
			r.u32()
		case 0xd0: // ref.null
			r.byte()
		case 0x6a, 0x6b, 0x6c, 0x7c, 0x7d, 0x7e: // extended constant arithmetic
		default:
			if r.err == nil {
				r.fail("opcode %#x in a constant expression", op)
			}
			return
		}
	}
}
