package main

import "os"

// js/wasm has no SIGTERM or SIGHUP: only the interrupt stops edge, and nothing reloads by signal.
var stopSignals = []os.Signal{os.Interrupt}

func notifyReload(chan<- os.Signal) {}
