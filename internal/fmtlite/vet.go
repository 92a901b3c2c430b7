//go:build fmtlite_vet

package fmtlite

import "fmt"

// With -tags fmtlite_vet the functions forward to fmt, so that go vet's printf check, which recognises
// functions that forward to fmt, checks every call's format against its operands (make check runs it).

func Sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }
func Sprint(a ...any) string                 { return fmt.Sprint(a...) }
func Errorf(format string, a ...any) error   { return fmt.Errorf(format, a...) }

var _, _, _ = sprintf, sprint, errorf // the fmt-free versions, unused in this build
