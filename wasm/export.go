//go:build js && wasm

package main

import (
	"context"
	"unsafe"

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
		return h.exportError("corerec: no bundle is open")
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
