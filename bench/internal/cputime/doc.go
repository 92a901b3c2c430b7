// Package cputime gives the benchmark programs under bench/ CPU clocks: the calling thread's CPU time
// (Linux), the whole process's (getrusage; node's process.cpuUsage under js/wasm), and wall time where
// neither exists. CPU time stays meaningful on a shared, loaded machine where wall time does not.
//
// Concurrency: the functions are safe for concurrent use; Thread measures the calling thread only.
package cputime
