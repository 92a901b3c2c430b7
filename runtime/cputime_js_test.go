//go:build js

package runtime_test

import "syscall/js"

// cpuSeconds is the node process's user+system CPU time (process.cpuUsage), or 0 outside node.
func cpuSeconds() float64 {
	p := js.Global().Get("process")
	if p.IsUndefined() || p.Get("cpuUsage").IsUndefined() {
		return 0
	}
	u := p.Call("cpuUsage")
	return (u.Get("user").Float() + u.Get("system").Float()) / 1e6
}
