//go:build js && wasm

package main

import (
	"syscall/js"
	"time"
)

// Under node the clocks are node's process.cpuUsage() (user + system CPU time of the node
// process): the wasm program runs on node's main thread, and CPU time stays meaningful on a
// loaded machine where wall time does not.
const cpuClockName = "node process.cpuUsage() (user + system CPU time of the node process)"

func lockThread() func() { return func() {} }

func threadCPU() time.Duration { return processCPU() }

func processCPU() time.Duration {
	u := js.Global().Get("process").Call("cpuUsage")
	return time.Duration(u.Get("user").Float()+u.Get("system").Float()) * time.Microsecond
}
