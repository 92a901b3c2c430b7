// Package cputime gives benchmarks, benchmark programs and training reports CPU clocks: the process's CPU
// time (CPU, Seconds: getrusage; node's process.cpuUsage under js/wasm; 0 where neither exists), the
// calling thread's (Thread, Linux), and Process, which falls back to wall time where there is no CPU clock.
// CPU time stays meaningful on a shared, loaded machine where wall time does not.
//
// Concurrency: the functions are safe for concurrent use; Thread measures the calling thread only.
package cputime
