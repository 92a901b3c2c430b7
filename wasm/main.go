//go:build js && wasm

// Command wasm is the browser build of the CoreRec runtime: corerec.js (beside this file) instantiates it
// and talks to it through the object this program hands to the JavaScript callback named by os.Args[1].
//
// The object has three methods and one property. open(bytes: Uint8Array, verify: boolean, plugins?: object)
// copies the bundle once into a Go byte slice, opens it in place (pluginhost.OpenBytes over corerec.js's
// plugin engine, so that its plugin rules run on the page's WebAssembly engine: plugins.go) and returns "" or an error message. call(op, args) runs
// one op ("recommend", "similar", "manifest", "catalog"; see package wire) and returns its answer as a plain
// object (recommend and similar: as a JSON string of one, for JSON.parse), or {error: message}; recommend's
// args are the request as a JSON string (wire.ParseRequest). close() closes the engine and ends the program. kernels names the scan
// kernels in use: "simd128" (wasm/simd, when corerec.js supplied them) or "generic" (pure Go).
//
// Concurrency: JavaScript calls arrive one at a time on the event loop; the engine is safe for concurrent
// use anyway.
package main

import (
	"context"
	"os"
	"syscall/js"

	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/internal/kernel"
	_ "github.com/corerec/corerec/rules" // a bundle's rules spec (runtime.RegisterRules)
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/wire"
)

type host struct {
	eng  *runtime.Engine
	stop func() // closes the engine and its plugins (plugins.go)
	done chan struct{}
	buf  []byte // the last answer's JSON, reused (calls arrive one at a time)
	in   []byte // the request buffer of the recommend export (export.go)

	searcher *wire.Searcher // the search export's (export.go), made by the first search
	query    []float32      // its query buffer
	found    []uint32       // its answer: indices, then scores' bits
}

func main() {
	if len(os.Args) < 2 {
		os.Stderr.WriteString("corerec: started without a ready callback name\n")
		return
	}
	installKernels() // the SIMD128 kernels, when corerec.js could instantiate them
	h := &host{done: make(chan struct{})}
	theHost = h
	api := js.Global().Get("Object").New()
	api.Set("kernels", kernel.Impl())
	funcs := map[string]js.Func{"open": js.FuncOf(h.open), "call": js.FuncOf(h.call), "close": js.FuncOf(h.close)}
	for name, f := range funcs {
		api.Set(name, f)
	}
	js.Global().Get(os.Args[1]).Invoke(api)
	<-h.done
	for _, f := range funcs {
		f.Release()
	}
}

// open(bytes, verify) → "" | error message.
func (h *host) open(_ js.Value, args []js.Value) (ret any) {
	defer recoverTo(&ret, false)
	if len(args) < 1 || args[0].Type() != js.TypeObject {
		return "corerec: open wants a Uint8Array"
	}
	if h.eng != nil {
		return "corerec: a bundle is already open"
	}
	data := make([]byte, args[0].Get("length").Int())
	js.CopyBytesToGo(data, args[0])
	verify := len(args) < 2 || args[1].Truthy()
	var engine js.Value // corerec.js's plugin engine (pluginhost.NewJSEngine), if it passed one
	if len(args) >= 3 && args[2].Type() == js.TypeObject {
		engine = args[2]
	}
	eng, stop, err := openBundle(data, runtime.Options{SkipVerify: !verify}, engine)
	if err != nil {
		return err.Error()
	}
	h.eng, h.stop = eng, stop
	return ""
}

// call(op, args) → answer object | {error}.
func (h *host) call(_ js.Value, args []js.Value) (ret any) {
	defer recoverTo(&ret, true)
	if h.eng == nil {
		return failure(errNoBundle.Error())
	}
	if len(args) < 2 || args[0].Type() != js.TypeString {
		return failure("corerec: call wants an op and its arguments")
	}
	v, err := h.run(args[0].String(), args[1])
	if err != nil {
		return failure(err.Error())
	}
	return v
}

func (h *host) run(op string, a js.Value) (any, error) {
	ctx := context.Background()
	switch op {
	case "recommend":
		if a.Type() != js.TypeString {
			return nil, fmtlite.Errorf("corerec: recommend wants the request as a JSON string")
		}
		req, err := wire.ParseRequest([]byte(a.String()))
		if err != nil {
			return nil, err
		}
		res, err := wire.Recommend(ctx, h.eng, req)
		return h.answer(res), err
	case "similar":
		item, err := str(a.Get("item"), "item")
		if err != nil {
			return nil, err
		}
		k, err := num(a.Get("k"), "k")
		if err != nil {
			return nil, err
		}
		res, err := wire.Similar(ctx, h.eng, item, int(k))
		return h.answer(res), err
	case "manifest":
		return info(wire.Describe(h.eng)), nil
	case "catalog":
		off, err := num(a.Get("offset"), "offset")
		if err != nil {
			return nil, err
		}
		lim, err := num(a.Get("limit"), "limit")
		if err != nil {
			return nil, err
		}
		return page(wire.Items(h.eng, int(off), int(lim))), nil
	}
	return nil, fmtlite.Errorf("corerec: unknown op %q", op)
}

// answer hands r to JavaScript as one JSON string (corerec.js parses it): one boundary crossing instead
// of one per field, which cost ~0.5 ms per call in Chromium.
func (h *host) answer(r wire.Response) string {
	h.buf = wire.AppendJSON(h.buf[:0], r)
	return string(h.buf)
}

func failure(msg string) map[string]any { return map[string]any{"error": msg} }

func (h *host) close(js.Value, []js.Value) any {
	if h.stop != nil {
		h.stop()
	}
	h.eng, h.stop, h.searcher = nil, nil, nil
	select {
	case <-h.done:
	default:
		close(h.done)
	}
	return nil
}

// recoverTo turns a panic into an error answer: the JavaScript boundary is a trust boundary, and a panic
// would otherwise end the program for every later call.
func recoverTo(ret *any, object bool) {
	if r := recover(); r != nil {
		msg := fmtlite.Sprint("corerec: internal error: ", r)
		if object {
			*ret = failure(msg)
		} else {
			*ret = msg
		}
	}
}
