// Package fmtlite formats the error and message texts of the packages the browser runtime links, without
// linking fmt: fmt formats through reflection, and fmt, reflect and internal/fmtsort together cost the
// browser build about 70 KB gzip of its 1.2 MB budget (BENCHMARKS.md, "Browser build without fmt").
//
// # Basics
//
// Errorf and Sprintf take fmt's format strings and write exactly what fmt writes, for the verbs and
// operand types the runtime's messages use:
//
//	verbs     %v %s %q %d %x %g %t %w %%, the flags # and 0, a width (%02x)
//	operands  string, []byte, bool, every integer and float type, error, any type with a String method,
//	          []int, []string, nil
//
// Errorf wraps its %w operands as fmt.Errorf does: one %w gives an error whose Unwrap returns it, several
// give Unwrap() []error, so errors.Is and errors.As see every wrapped error.
//
// # Caveats
//
// There is no reflection, so a named integer type is not an integer here: %d of it prints "%!d(?)" (write
// int(x) for its number; %v and %s still use its String method), like any operand or verb outside the lists
// above ("%!f(?)"). The test that compares fmtlite with fmt covers each supported pair.
//
// go vet's printf check does not know these functions; with -tags fmtlite_vet they forward to fmt, so
// "go vet -tags fmtlite_vet ./..." (in make check) checks every call's verbs and operands.
//
// # Concurrency
//
// All functions are safe for concurrent use.
package fmtlite
