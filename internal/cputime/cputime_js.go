//go:build js && wasm

package cputime

import "time"

// Under node the clocks are node's process.cpuUsage() (user + system CPU time of the node
// process): the wasm program runs on node's main thread, and CPU time stays meaningful on a
// loaded machine where wall time does not.
const ClockName = "node process.cpuUsage() (user + system CPU time of the node process)"

func Lock() func() { return func() {} }

func Thread() time.Duration { return Process() }

func Process() time.Duration { return CPU() }
