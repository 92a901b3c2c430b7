//go:build js && wasm

package main

import (
	"context"
	"errors"
	"math"
	"unsafe"

	"github.com/corerec/corerec/ann"
	"github.com/corerec/corerec/internal/fmtlite"
	"github.com/corerec/corerec/wasm/wire"
)

// The recommend path also runs as WebAssembly exports (//go:wasmexport): a direct call from JavaScript
// into Go, where a syscall/js function costs an event round trip, a goroutine and a finalizer per value Go
// reads (48–81 µs per empty call in Chromium against 0.03–0.26 µs for an export; BENCHMARKS.md, ranking
// in the browser). corerec.js writes the request's JSON into a buffer Go owns and reads the answer's JSON
// in place:
//
//	ptr := corerec_request_buffer(n)      // room for n request bytes (0: too large or no program)
//	r := corerec_recommend(n)             // the answer: bytes [r&0xffffffff, +(r>>32)&0x7fffffff);
//	                                      // bit 63 set: those bytes are an error message
//
// Both buffers stay valid until the next call; the memory may grow during a call, so views are taken after.

// theHost is the program's host (set by main before it hands the API to JavaScript).
var theHost *host

// maxRequestBytes bounds the request buffer: a history of thousands of ids is far below it.
const maxRequestBytes = 8 << 20

//go:wasmexport corerec_request_buffer
func requestBuffer(n int32) uint32 {
	h := theHost
	if h == nil || n < 0 || n > maxRequestBytes {
		return 0
	}
	if cap(h.in) < int(n) || cap(h.in) == 0 {
		h.in = make([]byte, max(int(n), 256))
	}
	h.in = h.in[:n]
	return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(h.in))))
}

//go:wasmexport corerec_recommend
func recommendExport(n int32) (packed uint64) {
	h := theHost
	if h == nil {
		return 0 // no program: JavaScript reads an empty error
	}
	defer func() {
		if r := recover(); r != nil {
			packed = h.exportError(fmtlite.Sprint("corerec: internal error: ", r))
		}
	}()
	if h.eng == nil {
		return h.exportError(errNoBundle.Error())
	}
	if n < 0 || int(n) > len(h.in) {
		return h.exportError("corerec: request length out of range")
	}
	req, err := wire.ParseRequest(h.in[:n])
	if err != nil {
		return h.exportError(err.Error())
	}
	res, err := wire.Recommend(context.Background(), h.eng, req)
	if err != nil {
		return h.exportError(err.Error())
	}
	h.buf = wire.AppendJSON(h.buf[:0], res)
	return exportBytes(h.buf, false)
}

func (h *host) exportError(msg string) uint64 {
	h.buf = append(h.buf[:0], msg...)
	return exportBytes(h.buf, true)
}

// exportBytes packs b's address and length (and the error flag) into one i64.
func exportBytes(b []byte, isErr bool) uint64 {
	r := uint64(uintptr(unsafe.Pointer(unsafe.SliceData(b)))) | uint64(len(b))<<32
	if isErr {
		r |= 1 << 63
	}
	return r
}

// Vector search (wire.Searcher) runs through two more exports, without JSON: corerec.js writes the query's
// float32 values into a buffer Go owns and reads the answer in place:
//
//	ptr := corerec_search_buffer(n)       // room for n float32 values (0: n out of range or no program)
//	r := corerec_search(k, ef, exact)     // n = (r>>32)&0x7fffffff results at r&0xffffffff: n int32
//	                                      // indices, then n float32 scores; bit 63 set: an error message
//
// The first search makes the Searcher over the open engine (wire.NewSearcher).

var errNoBundle = errors.New("corerec: no bundle is open")

// maxQueryValues bounds the query buffer (float32 values): far above any embedding's dimension.
const maxQueryValues = 1 << 16

//go:wasmexport corerec_search_buffer
func searchBuffer(n int32) uint32 {
	h := theHost
	if h == nil || n < 0 || n > maxQueryValues {
		return 0
	}
	if cap(h.query) < int(n) || cap(h.query) == 0 {
		h.query = make([]float32, max(int(n), 64))
	}
	h.query = h.query[:n]
	return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(h.query))))
}

//go:wasmexport corerec_search
func searchExport(k, ef, exact int32) (packed uint64) {
	h := theHost
	if h == nil {
		return 1 << 63 // no program: JavaScript reads an empty error
	}
	defer func() {
		if r := recover(); r != nil {
			packed = h.exportError(fmtlite.Sprint("corerec: internal error: ", r))
		}
	}()
	found, err := h.search(k, ef, exact != 0)
	if err != nil {
		return h.exportError(err.Error())
	}
	n := len(found)
	if cap(h.found) < 2*n {
		h.found = make([]uint32, 2*n)
	}
	out := h.found[:2*n]
	for i, s := range found {
		out[i], out[n+i] = uint32(s.Index), math.Float32bits(s.Score)
	}
	r := uint64(uintptr(unsafe.Pointer(unsafe.SliceData(out)))) | uint64(n)<<32
	return r
}

// search runs one vector search of the query buffer, making the Searcher on the first call.
func (h *host) search(k, ef int32, exact bool) ([]ann.Scored, error) {
	if h.eng == nil {
		return nil, errNoBundle
	}
	if h.searcher == nil {
		s, err := wire.NewSearcher(h.eng)
		if err != nil {
			return nil, err
		}
		h.searcher = s
	}
	return h.searcher.Search(h.query, int(k), int(ef), exact)
}
