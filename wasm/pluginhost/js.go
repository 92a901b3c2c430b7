//go:build js && wasm

package pluginhost

import (
	"encoding/binary"
	"errors"
	"math"
	goruntime "runtime"
	"syscall/js"
	"unsafe"
)

// NewJSEngine returns the Engine of corerec.js's plugin glue (its pluginEngine()): the page's own
// WebAssembly engine, compiling with new WebAssembly.Module and instantiating with new
// WebAssembly.Instance, synchronously (plugins are small), with corerec.log as the only import. obj's
// methods: compile(bytes) → id | message; instantiate(id) → id | message; call(id, fn, set, fuel,
// stack, a, b) → "" | trap message, with the value, fuel, stack, pages and a stack-overflow flag left
// in obj.state (a Uint8Array over 5 float64); view(id, ptr, n) → Uint8Array over the instance's memory |
// null; drop(id) and dropModule(id) release.
func NewJSEngine(obj js.Value) Engine {
	return &jsEngine{obj: obj, state: obj.Get("state")}
}

type jsEngine struct {
	obj, state js.Value
	buf        [5 * 8]byte
	rs         [12]float64 // Rerank's outcome, written by JavaScript into Go's memory
}

type jsModule struct {
	e  *jsEngine
	id int
}

type jsInstance struct {
	e  *jsEngine
	id int
}

func (e *jsEngine) Compile(wasm []byte) (Module, error) {
	arr := js.Global().Get("Uint8Array").New(len(wasm))
	js.CopyBytesToJS(arr, wasm)
	r := e.obj.Call("compile", arr)
	if r.Type() == js.TypeString {
		return nil, errors.New(r.String())
	}
	return &jsModule{e: e, id: r.Int()}, nil
}

func (m *jsModule) Instantiate() (Instance, string, error) {
	r := m.e.obj.Call("instantiate", m.id)
	if r.Type() == js.TypeString {
		return nil, r.String(), nil
	}
	return &jsInstance{e: m.e, id: r.Int()}, "", nil
}

func (m *jsModule) Close() { m.e.obj.Call("dropModule", m.id) }

func (i *jsInstance) Call(fn string, b *Budget, args ...uint32) Result {
	var a [2]any
	for k := range a {
		a[k] = 0
		if k < len(args) {
			a[k] = args[k]
		}
	}
	var fuel int64
	var stack int32
	if b != nil {
		fuel, stack = b.Fuel, b.Stack
	}
	trap := i.e.obj.Call("call", i.id, fn, b != nil, fuel, stack, a[0], a[1]).String()
	js.CopyBytesToGo(i.e.buf[:], i.e.state)
	f := func(k int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(i.e.buf[8*k:])) }
	r := Result{Value: uint32(f(0)), Fuel: int64(f(1)), Stack: int32(f(2)), Pages: uint32(f(3)), Trap: trap,
		StackOverflow: f(4) != 0}
	if trap != "" && r.Trap == "" {
		r.Trap = "trap"
	}
	return r
}

// Rerank runs c in one crossing: corerec.js's rerank reads c.In from and writes the output block and the
// outcome into Go's memory (Go's heap does not move; the slices stay alive through the call).
func (i *jsInstance) Rerank(c *RerankCall) {
	e := i.e
	in, out := c.In, c.Out[:cap(c.Out)]
	trap := e.obj.Call("rerank", i.id, c.Budget.Fuel, c.Budget.Stack, addr(in), len(in), addr(out), len(out),
		uintptr(unsafe.Pointer(&e.rs))).String()
	goruntime.KeepAlive(in)
	goruntime.KeepAlive(out)
	rs := &e.rs
	res := func(k int) Result {
		return Result{Value: uint32(rs[k]), Fuel: int64(rs[k+1]), Stack: int32(rs[k+2]), Pages: uint32(rs[k+3]),
			StackOverflow: rs[k+4] != 0}
	}
	c.Alloc, c.Ran, c.Rerank, c.Copied = res(0), rs[5] != 0, res(6), int(rs[11])
	if trap == "" {
		return
	}
	if c.Ran {
		c.Rerank.Trap = trap
	} else {
		c.Alloc.Trap = trap
	}
}

func addr(b []byte) uintptr {
	if len(b) == 0 {
		return 0
	}
	return uintptr(unsafe.Pointer(unsafe.SliceData(b)))
}

func (i *jsInstance) view(ptr, n uint32) (js.Value, bool) {
	v := i.e.obj.Call("view", i.id, ptr, n)
	return v, v.Type() == js.TypeObject
}

func (i *jsInstance) Read(dst []byte, ptr, n uint32) ([]byte, bool) {
	v, ok := i.view(ptr, n)
	if !ok {
		return dst, false
	}
	dst = append(dst[:0], make([]byte, n)...)
	js.CopyBytesToGo(dst, v)
	return dst, true
}

func (i *jsInstance) Write(ptr uint32, b []byte) bool {
	v, ok := i.view(ptr, uint32(len(b)))
	if ok {
		js.CopyBytesToJS(v, b)
	}
	return ok
}

func (i *jsInstance) Close() { i.e.obj.Call("drop", i.id) }
