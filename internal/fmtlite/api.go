//go:build !fmtlite_vet

package fmtlite

// Sprintf formats as fmt.Sprintf does (see the package comment for what it supports).
func Sprintf(format string, a ...any) string { return sprintf(format, a) }

// Sprint formats its operands as fmt.Sprint does, for operands that are strings or errors or of the types
// %v supports; as in fmt, a space goes between two operands when neither is a string.
func Sprint(a ...any) string { return sprint(a) }

// Errorf formats as fmt.Errorf does (see the package comment for what it supports) and wraps its %w
// operands: with none it returns errors.New of the text; with one, an error whose Unwrap returns it; with
// several, an error whose Unwrap returns them all, in order.
func Errorf(format string, a ...any) error { return errorf(format, a) }
