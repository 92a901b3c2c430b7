//go:build !js

package main

import (
	"os"
	"os/signal"
	"syscall"
)

// stopSignals end the process gracefully (draining requests); SIGHUP reloads the bundle.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM}

func notifyReload(c chan<- os.Signal) { signal.Notify(c, syscall.SIGHUP) }
