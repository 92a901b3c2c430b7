//go:build js && wasm

package cputime

import (
	"syscall/js"
	"time"
)

// processCPU is node's process.cpuUsage() (user + system); not available outside node.
func processCPU() (time.Duration, bool) {
	p := js.Global().Get("process")
	if p.IsUndefined() || p.Get("cpuUsage").IsUndefined() {
		return 0, false
	}
	u := p.Call("cpuUsage")
	return time.Duration(u.Get("user").Float()+u.Get("system").Float()) * time.Microsecond, true
}
