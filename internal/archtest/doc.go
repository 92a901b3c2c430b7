// Package archtest holds no code: its test keeps the package arrows of docs/ARCHITECTURE.md true.
//
// # Concurrency
//
// Nothing to share.
package archtest
