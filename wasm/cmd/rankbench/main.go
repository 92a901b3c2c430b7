//go:build js && wasm

// Command rankbench is the CoreRec side of the ranking benchmark in the browser and under node
// (issue 10): it loads ranking bundles (DCN-v2, DeepFM: bench/rank/run.sh writes them) and ranks
// the first N items of a bundle for its first user with runtime.Ranker, as the native benchmark of
// bench/rank does (ids resolved and features encoded inside the call). It exposes, on
// globalThis.rankbench:
//
//	open(name, bundleBytes: Uint8Array, n) → ""  | error text    // load a bundle as `name`
//	rank(name, out: Uint8Array)            → ""  | error text    // one Rank call; logits into out (n float32)
//	impls()                                → "simd128,generic"   // internal/kernel's implementations
//	setImpl(impl)                          → ""  | error text    // the kernels the next calls use
//	gemm()                                 → "go"                // the GEMM micro-kernel in use
//	noop()                                 → undefined           // an empty call through syscall/js
//
// and as WebAssembly exports (//go:wasmexport: a direct call, no syscall/js event round trip):
//
//	noop() → 0                       // an empty call
//	rankExport(i) → byte offset      // Rank for the i-th opened model; n float32 logits at that offset of memory
//
// The page (examples/browser/rank-bench.js) or run.mjs beside this file supplies the SIMD128
// module's imports as corerec.js does; without it the pure-Go kernels run.
//
//	GOOS=js GOARCH=wasm go build -trimpath -o /tmp/rankbench.wasm ./wasm/cmd/rankbench
//	node wasm/cmd/rankbench/run.mjs /tmp/rankbench.wasm wasm/simd/kernels.wasm OUT/dcn.crec 500
package main

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"syscall/js"
	"unsafe"

	"github.com/corerec/corerec/internal/kernel"
	"github.com/corerec/corerec/internal/kernel/gemm"
	"github.com/corerec/corerec/modelpack"
	"github.com/corerec/corerec/runtime"
	"github.com/corerec/corerec/wasm/simd"
)

// model is one loaded ranker with its request.
type model struct {
	b      *modelpack.Bundle
	r      *runtime.Ranker
	user   runtime.RankUser
	ids    []string
	scores []float32
	buf    []byte
}

var (
	models = map[string]*model{}
	opened []*model // in the order of open, for rankExport
)

func main() {
	simd.InstallWithGemm()
	api := map[string]any{
		"open":    js.FuncOf(open),
		"rank":    js.FuncOf(rank),
		"impls":   js.FuncOf(func(js.Value, []js.Value) any { return strings.Join(kernel.Implementations(), ",") }),
		"setImpl": js.FuncOf(setImpl),
		"gemm":    js.FuncOf(func(js.Value, []js.Value) any { return gemm.Impl() }),
		"noop":    js.FuncOf(func(js.Value, []js.Value) any { return nil }),
	}
	js.Global().Set("rankbench", js.ValueOf(api))
	if ready := js.Global().Get("rankbenchReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}

func open(_ js.Value, args []js.Value) any {
	if len(args) != 3 {
		return "rankbench: open(name, bytes, n)"
	}
	data := make([]byte, args[1].Get("length").Int())
	js.CopyBytesToGo(data, args[1])
	m, err := load(data, args[2].Int())
	if err != nil {
		return err.Error()
	}
	models[args[0].String()] = m
	opened = append(opened, m)
	return ""
}

// load opens a ranking bundle and prepares the benchmark's request: the first user of the user key's
// vocabulary against the first n items of the item key's.
func load(data []byte, n int) (*model, error) {
	b, err := modelpack.OpenBytes(data, modelpack.Options{})
	if err != nil {
		return nil, err
	}
	r, err := runtime.NewRanker(b, runtime.RankerOptions{})
	if err != nil {
		return nil, err
	}
	spec := r.Spec()
	users, err := b.Strings(modelpack.PrefixRankVocab + spec.UserKey)
	if err != nil {
		return nil, err
	}
	items, err := b.Strings(modelpack.PrefixRankVocab + spec.ItemKey)
	if err != nil {
		return nil, err
	}
	if users.Len() == 0 || n < 1 || n > items.Len() {
		return nil, fmt.Errorf("rankbench: n=%d with %d users and %d items", n, users.Len(), items.Len())
	}
	m := &model{b: b, r: r, user: runtime.RankUser{ID: users.At(0)}, buf: make([]byte, 4*n)}
	for i := range n {
		m.ids = append(m.ids, items.At(i))
	}
	return m, nil
}

func rank(_ js.Value, args []js.Value) any {
	m := models[args[0].String()]
	if m == nil {
		return "rankbench: no model " + args[0].String()
	}
	var err error
	m.scores, err = m.r.Rank(context.Background(), m.user, m.ids, m.scores)
	if err != nil {
		return err.Error()
	}
	for i, v := range m.scores {
		binary.LittleEndian.PutUint32(m.buf[4*i:], math.Float32bits(v))
	}
	js.CopyBytesToJS(args[1], m.buf)
	return ""
}

func setImpl(_ js.Value, args []js.Value) (res any) {
	defer func() {
		if p := recover(); p != nil {
			res = fmt.Sprint(p)
		}
	}()
	kernel.SetImpl(args[0].String())
	return ""
}

//go:wasmexport noop
func noopExport() int32 { return 0 }

// rankExport ranks for the i-th opened model and returns the address of its logits in linear memory
// (0 on error): the page reads them in place.
//
//go:wasmexport rankExport
func rankExport(i int32) int32 {
	if i < 0 || int(i) >= len(opened) {
		return 0
	}
	m := opened[i]
	var err error
	if m.scores, err = m.r.Rank(context.Background(), m.user, m.ids, m.scores); err != nil || len(m.scores) == 0 {
		return 0
	}
	return int32(uintptr(unsafe.Pointer(&m.scores[0])))
}
