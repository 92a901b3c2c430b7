package rerank

import "unsafe"

// The plugin's side of the ABI: compiled only for GOOS=wasip1, where it makes any main package that
// imports this one a CoreRec plugin.

var inBuf []byte // the input buffer corerec_alloc hands out, kept alive between the calls

//go:wasmexport corerec_abi_v1
func abiV1() {}

//go:wasmexport corerec_alloc
func alloc(size uint32) uint32 {
	if uint32(cap(inBuf)) < size {
		inBuf = make([]byte, size)
	}
	inBuf = inBuf[:size]
	if size == 0 {
		inBuf = inBuf[:1]
	}
	return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(inBuf))))
}

//go:wasmexport corerec_rerank
func rerank(ptr, size uint32) uint32 {
	if len(inBuf) < int(size) || uint32(uintptr(unsafe.Pointer(unsafe.SliceData(inBuf)))) != ptr {
		Log("rerank: input not where corerec_alloc put it")
		return 0
	}
	out, err := Run(inBuf[:size])
	if err != nil {
		Log(err.Error())
		return 0
	}
	return uint32(uintptr(unsafe.Pointer(unsafe.SliceData(out))))
}

//go:wasmimport corerec log
func hostLog(ptr unsafe.Pointer, size uint32)

// Log sends a message to the host's log (bounded: the host keeps 16 messages of 256 bytes per call, and
// every call costs fuel).
func Log(msg string) {
	if msg != "" {
		hostLog(unsafe.Pointer(unsafe.StringData(msg)), uint32(len(msg)))
	}
}
